// The per-sample loop with a stand-in compute (no engine): which samples it
// asks for, what run.json and rows.jsonl hold after each way a run can end.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../api/errors';
import { ImagesFailed } from './exit-codes';
import type { RunFlags } from './flags';
import { runSamples, type SampleRunSpec } from './sample-run';
import type { Sample } from './shards';

const all: Sample[] = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'].map((id) => ({ id, path: `/x/${id}` }));
const flags = (o: Partial<RunFlags> = {}): RunFlags => ({ shard: { index: 0, count: 1 }, resume: 'auto', keepGoing: false, ...o });
type Row = { id: string; v: number };

function spec(dir: string, compute: SampleRunSpec<Row, { backend: string }>['compute'], o: Partial<SampleRunSpec<Row, { backend: string }>> = {}) {
  return { command: 'test', argv: [], outDir: dir, all, request: { k: 1 }, flags: flags(), progress: 'none' as const, err: () => {}, compute, ...o };
}
const rowsOf = (dir: string): Row[] =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { counts: object; attempts: number; complete: boolean; meta?: unknown };

describe('runSamples', () => {
  it('batches of 2 in id order; a rerun asks for nothing; meta saved once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-samples-'));
    const asked: string[][] = [];
    const compute = async (part: Sample[]) => {
      asked.push(part.map((s) => s.id));
      return { entries: part.map((s) => ({ id: s.id, v: s.id.charCodeAt(0) })), meta: { backend: 'wasm' } };
    };
    const r = await runSamples(spec(dir, compute, { batch: 2 }));
    expect(asked).toEqual([['a.png', 'b.png'], ['c.png', 'd.png'], ['e.png']]);
    expect(r.entries.map((e) => e.v)).toEqual([97, 98, 99, 100, 101]);
    expect(manifest(dir)).toMatchObject({ counts: { expected: 5, done: 5, failed: 0 }, complete: true, meta: { backend: 'wasm' } });
    asked.length = 0;
    const again = await runSamples(spec(dir, compute, { batch: 2 }));
    expect(asked).toEqual([]);
    expect(again.entries).toHaveLength(5);
    expect(manifest(dir).attempts).toBe(2);
  });

  it('a bad request before the first row leaves no run.json, so the corrected command is not refused as a different run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-samples-'));
    const bad = async (): Promise<never> => {
      throw new StudioError('bad-request', 'mode must be cascading or independent');
    };
    await expect(runSamples(spec(dir, bad))).rejects.toThrow(/mode must be/);
    expect(existsSync(join(dir, 'run.json'))).toBe(false);
    expect(existsSync(join(dir, 'rows.jsonl'))).toBe(false);
    const ok = async (part: Sample[]) => ({ entries: part.map((s) => ({ id: s.id, v: 1 })) });
    await expect(runSamples(spec(dir, ok, { request: { k: 2 } }))).resolves.toMatchObject({ failures: [] });
  });

  it('an error after some rows keeps them and run.json (incomplete); the rerun computes only the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-samples-'));
    let n = 0;
    const flaky = async (part: Sample[]) => {
      if (++n === 3) throw new Error('engine crashed');
      return { entries: part.map((s) => ({ id: s.id, v: n })) };
    };
    await expect(runSamples(spec(dir, flaky))).rejects.toThrow('engine crashed');
    expect(rowsOf(dir).map((r) => r.id)).toEqual(['a.png', 'b.png']);
    expect(manifest(dir)).toMatchObject({ counts: { expected: 5, done: 2, failed: 0 }, complete: false });
    const asked: string[] = [];
    const rest = async (part: Sample[]) => (asked.push(...part.map((s) => s.id)), { entries: part.map((s) => ({ id: s.id, v: 0 })) });
    await runSamples(spec(dir, rest));
    expect(asked).toEqual(['c.png', 'd.png', 'e.png']);
    expect(rowsOf(dir).map((r) => r.id)).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png']);
  });

  it('--keep-going: a failed batch is retried one sample at a time; only the unreadable one is listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-samples-'));
    const compute = async (part: Sample[]) => {
      if (part.some((s) => s.id === 'c.png')) throw new StudioError('not-an-image', 'c.png: not an image');
      return { entries: part.map((s) => ({ id: s.id, v: 1 })) };
    };
    const r = await runSamples(spec(dir, compute, { batch: 2, flags: flags({ keepGoing: true }) }));
    expect(r.entries.map((e) => e.id)).toEqual(['a.png', 'b.png', 'd.png', 'e.png']);
    expect(r.failures).toEqual([{ id: 'c.png', error: 'c.png: not an image' }]);
    expect(manifest(dir)).toMatchObject({ counts: { expected: 5, done: 4, failed: 1 }, complete: false });
    const strict = mkdtempSync(join(tmpdir(), 'ss-samples-'));
    // Without it the run stops at the failed batch, naming both its samples, keeping the rows before it.
    const e = await runSamples(spec(strict, compute, { batch: 2 })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImagesFailed);
    expect((e as ImagesFailed).failures.map((f) => f.id)).toEqual(['c.png or d.png']);
    expect(rowsOf(strict).map((r) => r.id)).toEqual(['a.png', 'b.png']);
  });
});

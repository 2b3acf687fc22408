// bim as a job-array task, run as a scheduler runs it: real subprocesses on
// the committed demo pairs (n = 6, two methods, no TCAV: ~10 s a process).
// Unsharded == 2 shards merged, byte for byte, for both variants (the
// chest-marker's whole-run sample lands in shard 1); the rows aggregate to the
// engine's single call; a resumed shard skips its done pair; a different --t
// in the same --out is refused (exit 2) naming request.t.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BimObjectsResult, BimObjectsSample, BimRequest, ChestMarkerResult } from '../api/bim-types';
import { aggregateObjects } from '../bim/aggregate';
import { runBim } from '../bim/run';
import { CancelToken } from '../core/jobs';
import { initBackend } from '../engine/backend';
import { PROJECT_ROOT } from '../testing/shared-data';
import { type BimEntry, type BimMeta, bimResultOf } from './run/bim-outputs';

const TSX = createRequire(import.meta.url).resolve('tsx');
const INDEX = join(PROJECT_ROOT, 'src-main', 'cli', 'index.ts');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', TSX, INDEX, ...args], { cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

const N = 6;
const METHODS = ['saliency', 'gradcam'];
const args = (variant: string): string[] => ['bim', '--variant', variant, '--n', String(N), '--methods', METHODS.join(','), '--no-tcav', '--progress', 'none'];
const files = (variant: string): string[] => [`bim-${variant}.csv`, `bim-${variant}.json`];
const read = (dir: string, variant: string): string[] => files(variant).map((f) => readFileSync(join(dir, f), 'utf8'));
const rowsOf = (dir: string): BimEntry[] =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BimEntry);
const ctx = () => ({ signal: new CancelToken(), progress: () => {} });

describe('bim as a job array', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-bim-'));
  const dir = (variant: string, name: string): string => join(root, variant, name);

  it('unsharded == 2 shards merged, byte for byte (objects, chest-marker); rows = the engine single call; resume; --t mismatch', async () => {
    const variants = ['objects', 'chest-marker'];
    const runs = await Promise.all(
      variants.flatMap((v) => [
        cli([...args(v), '--out', dir(v, 'whole')]),
        cli([...args(v), '--out', dir(v, 'shard-0'), '--shard-index', '0', '--num-shards', '2']),
        cli([...args(v), '--out', dir(v, 'shard-1'), '--shard-index', '1', '--num-shards', '2']),
      ]),
    );
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    console.log(`bim wall s (6 processes on shared cores): ${runs.map((r) => r.seconds.toFixed(1)).join(', ')}`);
    // sha256 → 4 bytes → mod 2: pair-000…003 → 0; pair-004, pair-005 and whole-run → 1.
    expect(rowsOf(dir('objects', 'shard-0')).map((r) => r.id)).toEqual(['pair-000', 'pair-001', 'pair-002', 'pair-003']);
    expect(rowsOf(dir('objects', 'shard-1')).map((r) => r.id)).toEqual(['pair-004', 'pair-005']);
    expect(rowsOf(dir('chest-marker', 'shard-1')).map((r) => r.id)).toEqual(['pair-004', 'pair-005', 'whole-run']);

    // Shard 1 of objects killed after its first row: cut the second line, run again.
    const resumed = dir('objects', 'resumed');
    cpSync(dir('objects', 'shard-1'), resumed, { recursive: true });
    const kept = readFileSync(join(resumed, 'rows.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(join(resumed, 'rows.jsonl'), kept + '\n');
    const [mo, mc, again, otherT] = await Promise.all([
      cli(['merge', dir('objects', 'shard-1'), dir('objects', 'shard-0'), '--out', dir('objects', 'merged')]),
      cli(['merge', dir('chest-marker', 'shard-0'), dir('chest-marker', 'shard-1'), '--out', dir('chest-marker', 'merged')]),
      cli([...args('objects'), '--out', resumed, '--shard-index', '1', '--num-shards', '2', '--progress', 'lines']),
      cli([...args('objects'), '--out', dir('objects', 'whole'), '--t', '0.2']),
    ]);
    expect([mo.code, mc.code, again.code]).toEqual([0, 0, 0]);
    for (const v of variants) expect(read(dir(v, 'merged'), v)).toEqual(read(dir(v, 'whole'), v));
    // The resumed run reports its one resumed pair first, then computes only the other.
    expect(again.stderr).toBe('1/2 samples\n2/2 samples\n');
    expect(readFileSync(join(resumed, 'rows.jsonl'), 'utf8')).toBe(readFileSync(join(dir('objects', 'shard-1'), 'rows.jsonl'), 'utf8'));
    expect(read(resumed, 'objects')).toEqual(read(dir('objects', 'shard-1'), 'objects'));
    expect((JSON.parse(readFileSync(join(resumed, 'run.json'), 'utf8')) as { attempts: number }).attempts).toBe(2);
    expect(otherT.code).toBe(2);
    expect(otherT.stderr).toMatch(/different run \(differs in: request\.t\)/);

    // The engine in this process, one call over all six pairs, against the shards' rows aggregated.
    await initBackend({ prefer: 'wasm' });
    const req: BimRequest = { jobId: 'single', n: N, methods: METHODS, tcav: false };
    const single = (await runBim(req, ctx())) as BimObjectsResult;
    const rows = [...rowsOf(dir('objects', 'shard-0')), ...rowsOf(dir('objects', 'shard-1'))];
    const meta: BimMeta = { backend: 'wasm', variant: 'objects', methods: METHODS, t: 0.1, boxFraction: 0 };
    const fromRows = bimResultOf(rows, meta) as BimObjectsResult;
    expect([fromRows.images, fromRows.used]).toEqual([single.images, single.used]);
    expect(fromRows.accuracy).toEqual(single.accuracy);
    for (const [i, row] of single.rows.entries())
      for (const k of ['mcs', 'idr', 'iir', 'gObject', 'gScene'] as const)
        expect(Math.abs(fromRows.rows[i][k] - row[k]), `${row.method} ${k}`).toBeLessThan(1e-12);
    // The engine in pieces (indices), aggregated: the single call's numbers exactly.
    const piece = async (indices: number[]) => ((await runBim({ ...req, indices }, ctx())) as BimObjectsResult).perSample!;
    const parts: BimObjectsSample[] = [...(await piece([5, 1, 3])), ...(await piece([0, 2, 4]))];
    expect(parts.map((p) => p.index)).toEqual([5, 1, 3, 0, 2, 4]);
    const { rows: singleRows, ...rest } = single;
    const agg = aggregateObjects(parts, METHODS, 0.1, null);
    expect(agg.rows).toEqual(singleRows.map(({ ms: _ms, ...r }) => r));
    expect({ ...agg, rows: [] }).toEqual({ ...rest, rows: [], ms: undefined, perSample: undefined });
    const chest = (await runBim({ ...req, variant: 'chest-marker' }, ctx())) as ChestMarkerResult;
    expect(JSON.parse(read(dir('chest-marker', 'merged'), 'chest-marker')[1]).rows.map((r: { shareShortcut: number }) => r.shareShortcut)).toEqual(
      chest.rows.map((r) => r.shareShortcut),
    );
  }, 180_000);
});

// localize --manifest as a job-array task, run as a scheduler runs it: real
// subprocesses on the chest-phantom demo's manifest (3 nodule samples).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalizeEvalRow } from '../api/types';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

const TSX = createRequire(import.meta.url).resolve('tsx');
const INDEX = join(PROJECT_ROOT, 'src-main', 'cli', 'index.ts');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
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

const ARGS = [
  'localize',
  ...['--model', demo('chest', 'model.json'), '--manifest', demo('chest', 'samples', 'manifest.json')],
  ...['--set', 'fgQuantile=0.998', '--progress', 'none'],
];
const OUTPUTS = ['localize.csv', 'localize-summary.json'];
const read = (dir: string): string[] => OUTPUTS.map((f) => readFileSync(join(dir, f), 'utf8'));
const rowIds = (dir: string): string[] =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe('localize --manifest as a job array', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-loc-array-'));
  const whole = join(root, 'whole');

  it('2 shards merged = the unsharded run, byte for byte; its rows = the single-process engine rows; resumed: nothing rerun; another --segmenter refused', async () => {
    const [a, json, ...shards] = await Promise.all([
      cli([...ARGS, '--out', whole]),
      cli([...ARGS, '--json']),
      cli([...ARGS, '--out', join(root, 'shard-0'), '--shard-index', '0', '--num-shards', '2']),
      cli([...ARGS, '--out', join(root, 'shard-1'), '--shard-index', '1', '--num-shards', '2']),
    ]);
    for (const r of [a, json, ...shards]) expect(r.stderr).toBe('');
    expect([a, json, ...shards].map((r) => r.code)).toEqual([0, 0, 0, 0]);
    console.log(`wall s: unsharded ${a.seconds.toFixed(1)}, --json ${json.seconds.toFixed(1)}, shards ${shards.map((s) => s.seconds.toFixed(1)).join(', ')}`);
    // sha256 → 4 bytes → mod 2: phantom-02, -04 → 0, phantom-06 → 1 (01, 03, 05 are nodule-free: not samples).
    expect([0, 1].map((i) => rowIds(join(root, `shard-${i}`)))).toEqual([['phantom-02.png', 'phantom-04.png'], ['phantom-06.png']]);

    const merged = join(root, 'merged');
    const m = await cli(['merge', join(root, 'shard-1'), join(root, 'shard-0'), '--out', merged]);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(read(merged)).toEqual(read(whole));

    // The CSV: 3 samples × 1 method × 2 segmenters, sorted by file; the summary's means are the CSV's, by hand.
    const [csv, summaryText] = read(whole);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('file,method,segmenter,iou,box_iou,pointing');
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => `${c[0]} ${c[2]}`)).toEqual([
      'phantom-02.png graphcut',
      'phantom-02.png threshold',
      'phantom-04.png graphcut',
      'phantom-04.png threshold',
      'phantom-06.png graphcut',
      'phantom-06.png threshold',
    ]);
    const summary = JSON.parse(summaryText) as { samples: number; rows: LocalizeEvalRow[] };
    expect(summary.samples).toBe(3);
    for (const [k, seg] of (['graphcut', 'threshold'] as const).entries()) {
      const mine = cells.filter((c) => c[2] === seg);
      const row = summary.rows[k];
      expect(row).toMatchObject({ method: 'saliency', segmenter: seg, n: 3, pointingHits: mine.filter((c) => c[5] === '1').length });
      expect(row.meanIou).toBeCloseTo((Number(mine[0][3]) + Number(mine[1][3]) + Number(mine[2][3])) / 3, 12);
      expect(row.meanBoxIou).toBeCloseTo((Number(mine[0][4]) + Number(mine[1][4]) + Number(mine[2][4])) / 3, 12);
    }
    // Graph cut's mean IoU above thresholding's, as run.test.ts measures (0.45 vs 0.32).
    expect(summary.rows[0].meanIou).toBeGreaterThan(summary.rows[1].meanIou + 0.05);

    // The engine's own aggregation, one process, no --out.
    const engineRows = (JSON.parse(json.stdout) as { rows: LocalizeEvalRow[] }).rows;
    expect(engineRows.map((r) => [r.method, r.segmenter, r.n, r.pointingHits])).toEqual(summary.rows.map((r) => [r.method, r.segmenter, r.n, r.pointingHits]));
    for (const [i, r] of engineRows.entries())
      for (const k of ['meanIou', 'meanBoxIou', 'pointingRate'] as const) expect(Math.abs(r[k] - summary.rows[i][k])).toBeLessThan(1e-12);

    const rowsBefore = readFileSync(join(whole, 'rows.jsonl'), 'utf8');
    const [again, other, noOut] = await Promise.all([
      cli([...ARGS, '--out', whole]),
      cli([...ARGS, '--out', join(root, 'shard-0'), '--shard-index', '0', '--num-shards', '2', '--segmenter', 'threshold']),
      cli([...ARGS, '--shard-index', '0', '--num-shards', '2']),
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(whole, 'rows.jsonl'), 'utf8')).toBe(rowsBefore);
    expect(JSON.parse(readFileSync(join(whole, 'run.json'), 'utf8'))).toMatchObject({
      attempts: 2,
      counts: { expected: 3, done: 3, failed: 0 },
      complete: true,
    });
    expect(read(whole)).toEqual(read(merged));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is a different run \(differs in: request\.segmenters\)/);
    // A shard's rows need a folder to go to.
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--shard-index, --num-shards: only with --manifest and --out/);
  }, 60_000);
});

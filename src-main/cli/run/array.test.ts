// evaluate as a job-array task, run as a scheduler runs it: real subprocesses
// on the digits demo. Sharded + merged == unsharded, byte for byte; a run
// killed (SIGKILL) at random points and resumed == an uninterrupted one.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo, PROJECT_ROOT } from '../../testing/shared-data';
import { mulberry32 } from '../../shared/random';

const TSX = createRequire(import.meta.url).resolve('tsx');
const INDEX = join(PROJECT_ROOT, 'src-main', 'cli', 'index.ts');

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The CLI itself (not bin/'s wrapper, so a kill reaches the process that writes). */
function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; killAfterMs?: number } = {}): Promise<Ran> {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', TSX, INDEX, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const timer = opts.killAfterMs != null ? setTimeout(() => p.kill('SIGKILL'), opts.killAfterMs) : undefined;
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

const ARGS = [
  'evaluate',
  ...['--model', demo('digits', 'model.json'), '--images', demo('digits', 'samples')],
  ...['--method', 'gradcam,saliency', '--controls', 'none', '--metric', 'deletion,insertion,average-drop', '--set', 'steps=5'],
  '--progress',
  'none',
];
const OUTPUTS = ['evaluation.csv', 'summary.json', 'curves.json'];
const read = (dir: string): string[] => OUTPUTS.map((f) => readFileSync(join(dir, f), 'utf8'));
const rowIds = (dir: string): string[] =>
  existsSync(join(dir, 'rows.jsonl'))
    ? readFileSync(join(dir, 'rows.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
    : [];
const SAMPLES = ['digit-0.png', 'digit-2.png', 'digit-3.png', 'digit-5.png', 'digit-7.png', 'digit-9.png'];

describe('evaluate as a job array', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-array-'));
  const whole = join(root, 'whole');

  it('3 shards (flags, Slurm env with MIN 4, Kubernetes index) merged = the unsharded run, byte for byte; a second run = the first', async () => {
    const [a, again, ...shards] = await Promise.all([
      cli([...ARGS, '--out', whole, '--image-batch', '2']),
      cli([...ARGS, '--out', join(root, 'again'), '--image-batch', '4']),
      cli([...ARGS, '--out', join(root, 'shard-0'), '--shard-index', '0', '--num-shards', '3']),
      cli([...ARGS, '--out', join(root, 'shard-1')], { env: { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '3' } }),
      cli([...ARGS, '--out', join(root, 'shard-2'), '--num-shards', '3'], { env: { JOB_COMPLETION_INDEX: '2' } }),
    ]);
    for (const r of [a, again, ...shards]) expect(r.stderr).toBe('');
    expect([a, again, ...shards].map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    console.log(`wall s: unsharded ${a.seconds.toFixed(1)}; shards ${shards.map((s) => s.seconds.toFixed(1)).join(', ')} (5 processes on the same cores)`);
    // sha256 → 4 bytes → mod 3: digit-5 → 0, digit-3 → 1, digits 0, 2, 7, 9 → 2.
    expect([0, 1, 2].map((i) => rowIds(join(root, `shard-${i}`)))).toEqual([
      ['digit-5.png'],
      ['digit-3.png'],
      ['digit-0.png', 'digit-2.png', 'digit-7.png', 'digit-9.png'],
    ]);
    const run = JSON.parse(readFileSync(join(root, 'shard-1', 'run.json'), 'utf8')) as { shard: object; counts: object; complete: boolean; configHash: string };
    expect(run).toMatchObject({ shard: { index: 1, count: 3 }, counts: { expected: 1, done: 1, failed: 0 }, complete: true });
    expect(read(join(root, 'again'))).toEqual(read(whole));
    expect(readFileSync(join(root, 'again', 'rows.jsonl'), 'utf8')).toBe(readFileSync(join(whole, 'rows.jsonl'), 'utf8'));

    const merged = join(root, 'merged');
    const m = await cli(['merge', ...[0, 1, 2].map((i) => join(root, `shard-${i}`)), '--out', merged]);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(read(merged)).toEqual(read(whole));
    expect(JSON.parse(readFileSync(join(merged, 'run.json'), 'utf8'))).toMatchObject({
      configHash: run.configHash,
      counts: { expected: 6, done: 6 },
      complete: true,
    });

    const bad = await cli(['merge', join(root, 'shard-0'), join(root, 'shard-2'), join(root, 'shard-2'), '--out', join(root, 'm2')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing shard 1 of 3; shard given twice: 2 /);
    const other = await cli([...ARGS, '--out', join(root, 'shard-1'), '--set', 'steps=6']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is a different run \(differs in: request\.options\)/);
  }, 120_000);

  it('killed (SIGKILL) at 5 random points, then resumed: every row once, the outputs = the uninterrupted run', async () => {
    const dir = join(root, 'killed');
    const rand = mulberry32(19);
    for (let k = 0; k < 5; k++) {
      const r = await cli([...ARGS, '--out', dir, '--image-batch', '1'], { killAfterMs: 1000 + rand() * 2500 });
      const ids = rowIds(dir);
      expect(new Set(ids).size).toBe(ids.length);
      console.log(`kill ${k}: ${r.signal ?? `exit ${r.code}`}, ${ids.length} rows`);
    }
    const r = await cli([...ARGS, '--out', dir, '--image-batch', '1']);
    expect(r.code).toBe(0);
    expect(rowIds(dir).sort()).toEqual(SAMPLES);
    expect(read(dir)).toEqual(read(whole));
  }, 120_000);

  it('--keep-going: a broken image is listed in run.json and stderr, the others are scored, exit 3', async () => {
    const imgs = join(root, 'imgs');
    mkdirSync(imgs);
    copyFileSync(demo('digits', 'samples', 'digit-0.png'), join(imgs, 'a.png'));
    writeFileSync(join(imgs, 'b.png'), 'not a png');
    const dir = join(root, 'kg');
    const r = await cli([...ARGS.slice(0, 3), '--images', imgs, ...ARGS.slice(5), '--out', dir, '--keep-going']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/b\.png: .*\n.*1 image\(s\) failed: b\.png/);
    expect(rowIds(dir)).toEqual(['a.png']);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({
      counts: { expected: 2, done: 1, failed: 1 },
      complete: false,
      failures: [{ id: 'b.png' }],
    });
    const strict = await cli([...ARGS.slice(0, 3), '--images', imgs, ...ARGS.slice(5), '--out', join(root, 'kg2')]);
    expect(strict.code).toBe(3);
  }, 60_000);
});

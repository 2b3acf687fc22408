// The Slurm example runs for real: a one-node cluster (Debian's slurm-wlm and
// munge, scripts/slurm-single-node.sh) runs examples/slurm/evaluate-array.sbatch
// as a 3-task array over the demo digits, then merge.sbatch after it
// (--dependency=afterok, as the example says); the merged evaluation must be
// the unsharded one. Needs root (slurmd starts jobs as their user); npm test
// installs the packages where missing (scripts/find-slurm.mjs).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLURM_BINARIES, SLURM_MISSING } from '../../scripts/find-slurm.mjs';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'saliency-slurm-test-'));
const cluster = join(work, 'cluster');
const out = join(work, 'out');
// Demo digits, two cheap methods, two metrics, 5 steps: the whole test in well under 90 s.
const ARGS = '--set steps=5 --controls none';
const env = { ...process.env, SLURM_CONF: join(cluster, 'slurm.conf'), SALIENCY_OUT: out, SALIENCY_ARGS: ARGS };

function run(cmd: string, args: string[], extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extra }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.error?.message}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * Waits until the jobs have left the queue and returns each job's (and array
 * task's) final state. Polled here: `sbatch --wait` sleeps 2, 8, then 32 s
 * between its checks, which would be most of this test's time.
 */
async function finished(ids: string[], timeoutMs = 80_000): Promise<Record<string, string>> {
  const end = Date.now() + timeoutMs;
  while (run('squeue', ['-h', '-j', ids.join(','), '-o', '%i']).stdout.trim() !== '') {
    if (Date.now() > end) throw new Error(`jobs ${ids.join(',')} still queued after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const states: Record<string, string> = {};
  for (const line of ids.flatMap((id) => run('scontrol', ['show', 'job', '-o', id]).stdout.trim().split('\n'))) {
    const task = / ArrayTaskId=(\d+)/.exec(line)?.[1];
    const job = task != null ? `${/ArrayJobId=(\d+)/.exec(line)?.[1]}_${task}` : /^JobId=(\d+)/.exec(line)?.[1];
    states[job ?? line] = /JobState=(\w+)/.exec(line)?.[1] ?? 'unknown';
  }
  return states;
}

/** The job logs, for a failure's message. */
const logsOf = (): string =>
  readdirSync(work)
    .filter((f) => f.endsWith('.out'))
    .map((f) => `--- ${f}\n${readFileSync(join(work, f), 'utf8').slice(-2000)}`)
    .join('\n');

/** Two consecutive free TCP ports (slurmctld, slurmd), so a developer's own Slurm or a parallel run is not hit. */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer().once('error', () => resolve(false));
      s.listen(port, () => s.close(() => resolve(true)));
    });
  for (;;) {
    const p = 20000 + 2 * Math.floor(Math.random() * 10000);
    if ((await free(p)) && (await free(p + 1))) return p;
  }
}

let arrayJob = '';
const ready = process.getuid?.() === 0 && SLURM_BINARIES.every((p) => existsSync(p));

describe('examples/slurm on a one-node cluster', () => {
  beforeAll(async () => {
    if (!ready) return;
    run('bash', ['scripts/slurm-single-node.sh', 'start', cluster], { SLURM_SN_PORT: String(await freePortPair()) });
  });
  afterAll(() => {
    if (ready) spawnSync('bash', ['scripts/slurm-single-node.sh', 'stop', cluster], { cwd: root, env });
    rmSync(work, { recursive: true, force: true });
  });

  it('3 array tasks, then the merge after them (afterok) = the unsharded evaluation (CSV, summary, curves) byte for byte', async () => {
    if (!ready) throw new Error(process.getuid?.() === 0 ? SLURM_MISSING : 'the Slurm example test runs slurmd and needs root');
    // Submitted as the examples' header says; --output only moves the logs out of the repository.
    const array = run('sbatch', ['--parsable', `--output=${join(work, 'slurm-%x-%A_%a.out')}`, 'examples/slurm/evaluate-array.sbatch']).stdout.trim();
    const jobId = (arrayJob = array.split(';')[0]);
    expect(jobId).toMatch(/^\d+$/);
    const merge = run('sbatch', ['--parsable', `--dependency=afterok:${jobId}`, `--output=${join(work, 'slurm-merge.out')}`, 'examples/slurm/merge.sbatch'])
      .stdout.trim()
      .split(';')[0];
    const states = await finished([jobId, merge]);
    expect(states, logsOf()).toEqual({ [`${jobId}_0`]: 'COMPLETED', [`${jobId}_1`]: 'COMPLETED', [`${jobId}_2`]: 'COMPLETED', [merge]: 'COMPLETED' });
    expect(readdirSync(out).sort()).toEqual(['merged', 'shard-0', 'shard-1', 'shard-2']);
    // Each task wrote its own shard, split by uint32BE(sha256(file name)[0..4]) mod 3 (by hand:
    // digit-5 → 0, digit-3 → 1, the other four → 2), two rows per image.
    const imagesOf = (dir: string) => [
      ...new Set(
        readFileSync(join(out, dir, 'evaluation.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ];
    expect(imagesOf('shard-0')).toEqual(['digit-5.png']);
    expect(imagesOf('shard-1')).toEqual(['digit-3.png']);
    expect(imagesOf('shard-2')).toEqual(['digit-0.png', 'digit-2.png', 'digit-7.png', 'digit-9.png']);

    const full = join(work, 'full');
    run('node', [
      'bin/saliency-studio.mjs',
      'evaluate',
      '--model',
      'resources/demo/digits/model.json',
      '--images',
      'resources/demo/digits/samples',
      '--method',
      'gradcam,saliency',
      '--metric',
      'deletion,insertion',
      ...ARGS.split(' '),
      '--out',
      full,
    ]);
    const merged = join(out, 'merged');
    const csv = readFileSync(join(full, 'evaluation.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 6 * 2);
    expect(readFileSync(join(merged, 'evaluation.csv'), 'utf8')).toBe(csv);
    // Only run.json holds times and host names; the rest is the same bytes.
    for (const f of ['summary.json', 'curves.json']) expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(full, f), 'utf8'));
  });

  it('a requeued task resumes from its run.json: no image run twice, the same shard bytes', async () => {
    if (!ready || !arrayJob) throw new Error('needs the array of the test before');
    const shard = join(out, 'shard-2');
    const before = readFileSync(join(shard, 'evaluation.csv'), 'utf8');
    run('scontrol', ['requeue', `${arrayJob}_2`]);
    // Slurm holds a requeued job back (BeginTime, about 2 min here); a preempted task would wait so too.
    run('scontrol', ['update', `JobId=${arrayJob}_2`, 'StartTime=now']);
    expect(await finished([`${arrayJob}_2`]), logsOf()).toEqual({ [`${arrayJob}_2`]: 'COMPLETED' });
    const manifest = JSON.parse(readFileSync(join(shard, 'run.json'), 'utf8')) as { attempts: number; counts: { done: number }; complete: boolean };
    expect(manifest).toMatchObject({ attempts: 2, counts: { done: 4 }, complete: true });
    // rows.jsonl gets one line per image evaluated: still the 4 of the first attempt.
    expect(readFileSync(join(shard, 'rows.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(shard, 'evaluation.csv'), 'utf8')).toBe(before);
  });
});

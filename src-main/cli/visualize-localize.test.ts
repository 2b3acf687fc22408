// visualize-class and localize on real files: the PNG run as a user runs it (a
// subprocess through the bin: exit 0, stderr empty), the refusals and JSON in-process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../testing/cli-inproc';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** The same command in this process (testing/cli-inproc.ts): no 2–3 s start-up. */
const run = (...args: string[]): Promise<CliResult> => runCli(args);

const out = mkdtempSync(join(tmpdir(), 'ss-cli-cm-'));

describe('CLI visualize-class and localize', () => {
  it('visualize-class writes the class model as a PNG (×4 scale: 112×112) classified as the target, and the run JSON', async () => {
    const png = join(out, 'six.png');
    const run = join(out, 'six.run.json');
    const r = cli(
      'visualize-class',
      '--model',
      demo('digits', 'model.json'),
      '--target',
      '6',
      '--steps',
      '120',
      '--lr',
      '0.03',
      '--set',
      'jitter=1',
      '--scale',
      '4',
      '--run',
      run,
      '--out',
      png,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { target: { index: number }; top: { index: number }; logit: number; probability: number; steps: number; ms: number };
    expect(j).toMatchObject({ target: { index: 6 }, top: { index: 6 }, steps: 120 });
    expect(j.probability).toBeGreaterThan(0.99);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([112, 112]);
    const runJson = JSON.parse(readFileSync(run, 'utf8')) as { params: { lr: number; jitter: number }; history: { step: number; logit: number }[] };
    expect(runJson.params).toMatchObject({ lr: 0.03, jitter: 1 });
    expect(runJson.history.at(-1)!.logit).toBeCloseTo(j.logit, 3);
  });

  it('visualize-class rejects an out-of-range target and an unknown --set parameter in one line', async () => {
    const a = await run('visualize-class', '--model', demo('digits', 'model.json'), '--target', '12', '--out', join(out, 'x.png'));
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/target 12 is out of range/);
    const b = await run('visualize-class', '--model', demo('digits', 'model.json'), '--target', '1', '--set', 'blur=2', '--out', join(out, 'x.png'));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no parameter "blur"/);
  });

  it('localize writes a 96×96 mask PNG and reports IoU against the sample mask; --manifest prints the per-method table', async () => {
    const r = await run(
      'localize',
      '--model',
      demo('chest', 'model.json'),
      '--image',
      demo('chest', 'samples', 'phantom-04.png'),
      '--target',
      '1',
      '--set',
      'fgQuantile=0.998',
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { results: { mask: string; box: unknown; truth: { iou: number } }[] };
    const meta = await sharp(j.results[0].mask).metadata();
    expect([meta.width, meta.height]).toEqual([96, 96]);
    expect(j.results[0].truth.iou).toBeGreaterThan(0);
    const t = await run(
      'localize',
      '--model',
      demo('chest', 'model.json'),
      '--manifest',
      demo('chest', 'samples', 'manifest.json'),
      '--set',
      'fgQuantile=0.998',
    );
    expect(t.code).toBe(0);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/mean IoU.*pointing/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(['saliency graphcut 3', 'saliency threshold 3']);
  });
});

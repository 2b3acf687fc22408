// `evaluate` and `sanity` on real files. The progress lines a scheduler's log
// sees run as a user runs them, a subprocess through bin/saliency-studio.mjs;
// the rest (JSON, CSV, refusals, exit codes) in-process (testing/cli-inproc.ts),
// saving 2–3 s of start-up per call.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../testing/cli-inproc';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

/** A subprocess through the bin, as a user runs it. */
function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** The same command in this process. */
const run = (...args: string[]): Promise<CliResult> => runCli(args);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'ss-eval-'));

type Stats = { mean: number; std: number; n: number };
interface EvalJson {
  images: number;
  methods: string[];
  metrics: string[];
  summary: Record<string, Record<string, Stats>>;
  meanCurves: Record<string, { fraction: number[]; deletion?: number[]; insertion?: number[] }>;
  files: { csv: string; summary: string; curves: string };
}

const csvRows = (path: string): Record<string, string>[] => {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('CLI evaluate', () => {
  it('--workers 2 splits the folder across two engine workers and writes the same CSV as one process', async () => {
    const evaluate = async (...extra: string[]): Promise<string> => {
      const out = tmp();
      const args = ['evaluate', '--model', demo('digits', 'model.json'), '--images', demo('digits', 'samples'), '--method', 'gradcam'];
      const r = await run(
        ...args,
        '--metric',
        'deletion,average-drop',
        '--set',
        'steps=4',
        '--image-batch',
        '2',
        '--controls',
        'none',
        '--out',
        out,
        '--json',
        ...extra,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return readFileSync((JSON.parse(r.stdout) as EvalJson).files.csv, 'utf8').replace(/^.*seconds.*$/gm, '');
    };
    const one = await evaluate();
    expect(one.trim().split('\n')).toHaveLength(7);
    expect(await evaluate('--workers', '2')).toBe(one);
    const bad = await run('evaluate', '--workers', 'lots', '--model', demo('digits', 'model.json'), '--images', demo('digits', 'samples'), '--out', tmp());
    expect(bad.stderr).toMatch(/--workers must be 1\.\.64 or auto, got "lots"/);
  });

  it('digits folder: CSV rows per image × method (controls added), summary mean ± std matching the CSV; Fake-CAM fails ADCC only', async () => {
    const out = tmp();
    const r = await run(
      'evaluate',
      '--model',
      demo('digits', 'model.json'),
      '--images',
      demo('digits', 'samples'),
      '--method',
      'gradcam',
      '--metric',
      'average-drop,average-increase,adcc,deletion,insertion',
      '--set',
      'steps=5',
      '--out',
      out,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as EvalJson;
    expect(j.images).toBe(6);
    expect(j.methods).toEqual(['gradcam', 'random-map', 'fake-cam', 'sobel']);
    const rows = csvRows(j.files.csv);
    expect(rows).toHaveLength(6 * 4);
    const del = rows.filter((x) => x.method === 'gradcam').map((x) => Number(x.deletion));
    const mean = del.reduce((a, b) => a + b, 0) / del.length;
    const std = Math.sqrt(del.reduce((a, b) => a + (b - mean) ** 2, 0) / (del.length - 1));
    expect(j.summary.gradcam.deletion.mean).toBeCloseTo(mean, 5);
    expect(j.summary.gradcam.deletion.std).toBeCloseTo(std, 5);
    expect(j.summary.gradcam.deletion.n).toBe(6);
    // round(k·784/5) of 784 pixels: 0, 157, 314, 470, 627, 784.
    expect(j.meanCurves.gradcam.fraction).toEqual([0, 157, 314, 470, 627, 784].map((n) => n / 784));
    expect(j.meanCurves.gradcam.deletion).toHaveLength(6);
    expect(j.summary['fake-cam']['average-drop'].mean).toBeLessThanOrEqual(j.summary.gradcam['average-drop'].mean);
    expect(j.summary['fake-cam'].adcc.mean).toBeLessThan(j.summary.gradcam.adcc.mean / 10);
    expect(JSON.parse(readFileSync(j.files.summary, 'utf8'))).toMatchObject({ images: 6, methods: j.methods });
  });

  it('chest phantoms with --masks: localisation over the nodule images only (empty masks are left out)', async () => {
    const out = tmp();
    const manifest = JSON.parse(readFileSync(demo('chest', 'samples', 'manifest.json'), 'utf8')) as { hasNodule: boolean }[];
    const nodules = manifest.filter((m) => m.hasNodule).length;
    const r = await run(
      'evaluate',
      '--model',
      demo('chest', 'model.json'),
      '--images',
      demo('chest', 'samples'),
      '--masks',
      demo('chest', 'samples'),
      '--method',
      'saliency',
      '--controls',
      'fake-cam',
      '--metric',
      'pointing-game,iou,energy-pointing-game',
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as EvalJson;
    expect(j.images).toBe(6);
    for (const k of ['pointing-game', 'iou', 'energy-pointing-game']) expect(j.summary.saliency[k].n).toBe(nodules);
    // Fake-CAM's maximum is at (0,1), never on a nodule; its energy is spread uniformly (mask area / N).
    expect(j.summary['fake-cam']['pointing-game'].mean).toBe(0);
    expect(j.summary['fake-cam']['energy-pointing-game'].mean).toBeLessThan(0.02);
    expect(j.summary.saliency['energy-pointing-game'].mean).toBeGreaterThan(3 * j.summary['fake-cam']['energy-pointing-game'].mean);
    expect(csvRows(j.files.csv).filter((x) => x.iou === '')).toHaveLength(2 * (6 - nodules));
  });

  it('subprocess: --image-batch 4 over 6 digits: progress after each chunk on stderr; curves.json per image, averaging to the mean curves, areas = the CSV', () => {
    const out = tmp();
    const r = cli(
      'evaluate',
      '--model',
      demo('digits', 'model.json'),
      '--images',
      demo('digits', 'samples'),
      '--method',
      'gradcam',
      '--controls',
      'fake-cam',
      '--metric',
      'deletion,insertion',
      '--set',
      'steps=4',
      '--image-batch',
      '4',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('4/6 images\n6/6 images\n');
    type C = { probability: number[]; auc: number };
    const per = JSON.parse(readFileSync(join(out, 'curves.json'), 'utf8')) as { image: string; target: number; methods: Record<string, Record<string, C>> }[];
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as EvalJson;
    const rows = csvRows(join(out, 'evaluation.csv'));
    expect(per.map((p) => p.image)).toEqual(['digit-0.png', 'digit-2.png', 'digit-3.png', 'digit-5.png', 'digit-7.png', 'digit-9.png']);
    for (const id of ['gradcam', 'fake-cam'])
      for (const kind of ['deletion', 'insertion'] as const) {
        const mean = summary.meanCurves[id][kind]!;
        expect(mean).toHaveLength(5);
        mean.forEach((v, k) => expect(v).toBeCloseTo(per.reduce((a, p) => a + p.methods[id][kind].probability[k], 0) / per.length, 12));
        for (const p of per) expect(Number(rows.find((x) => x.image === p.image && x.method === id)![kind])).toBeCloseTo(p.methods[id][kind].auc, 6);
      }
  });

  it.each([
    [['--metric', 'auc-of-doom'], /unknown metric "auc-of-doom"/],
    [['--image-batch', '0'], /"imageBatch" must be an integer in 1…1024/],
    [['--image-batch', 'many'], /--image-batch must be a positive integer, got "many"/],
    [['--metric', 'iou'], /iou need --masks/],
    [['--set', 'bogus=1'], /--set bogus: no chosen method or metric/],
    [['--set', 'steps=0'], /steps=0 is outside \[1, 1000\]/],
  ])('%j: one line on stderr, exit code 2 (bad input)', async (extra, pattern) => {
    const r = await run('evaluate', '--model', demo('digits', 'model.json'), '--images', demo('digits', 'samples', 'digit-7.png'), '--out', tmp(), ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });
});

describe('CLI sanity', () => {
  it('cascading on a digit: the similarity table, the strips and the plot', async () => {
    const out = tmp();
    const r = await run(
      'sanity',
      '--model',
      demo('digits', 'model.json'),
      '--image',
      demo('digits', 'samples', 'digit-7.png'),
      '--method',
      'saliency,guided-backprop',
      '--mode',
      'cascading',
      '--out',
      out,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      steps: { label: string }[];
      methods: { id: string; similarity: { spearmanAbs: number; ssim: number }[] }[];
      files: { csv: string; svg: string; strips: string[] };
    };
    expect(j.steps.map((s) => s.label)).toEqual(['original', 'probs', 'conv2', 'conv1']);
    expect(j.methods[0].similarity[0]).toMatchObject({ spearmanAbs: 1, ssim: 1 });
    expect(j.methods[0].similarity[3].spearmanAbs).toBeLessThan(0.5);
    expect(j.methods[1].similarity[3].spearmanAbs).toBeGreaterThan(j.methods[0].similarity[3].spearmanAbs);
    const rows = csvRows(j.files.csv);
    expect(rows).toHaveLength(2 * 4);
    expect(Number(rows[3].spearman_abs)).toBeCloseTo(j.methods[0].similarity[3].spearmanAbs, 5);
    // Four 96-px thumbnails with 2-px gaps.
    const png = readFileSync(j.files.strips[0]);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([4 * 96 + 3 * 2, 96]);
    expect(readFileSync(j.files.svg, 'utf8')).toContain('<polyline');
  });

  it('independent mode steps one layer at a time; a bad mode is refused', async () => {
    const r = await run(
      'sanity',
      '--model',
      demo('digits', 'model.json'),
      '--image',
      demo('digits', 'samples', 'digit-0.png'),
      '--method',
      'saliency',
      '--mode',
      'independent',
      '--out',
      tmp(),
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { steps: { layers: string[] }[] };
    expect(j.steps.map((s) => s.layers)).toEqual([[], ['probs'], ['conv2'], ['conv1']]);
    const bad = await run(
      'sanity',
      '--model',
      demo('digits', 'model.json'),
      '--image',
      demo('digits', 'samples', 'digit-0.png'),
      '--mode',
      'sideways',
      '--out',
      tmp(),
    );
    expect(bad.code).toBe(2);
    // The mode is the sanity request's to check (api/spec.ts), not the flag parser's.
    expect(bad.stderr).toMatch(/"mode" must be cascading, independent or data/);
  });
});

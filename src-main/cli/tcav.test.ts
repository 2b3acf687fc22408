// `tcav` and `sanity --mode data` on real PNG folders written here with sharp,
// the demo digits model: sanity as a user runs it (a subprocess through the
// bin: exit 0, stderr empty), tcav's JSON and refusal in-process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsSubsets } from '../sanity/digits-data';
import { mulberry32 } from '../shared/random';
import { type CliResult, runCli } from '../testing/cli-inproc';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** The same command in this process (testing/cli-inproc.ts): no 2–3 s start-up. */
const run = (...args: string[]): Promise<CliResult> => runCli(args);

const png = (path: string, px: ArrayLike<number>): Promise<unknown> =>
  sharp(Buffer.from(Uint8Array.from(px, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))), { raw: { width: 28, height: 28, channels: 1 } })
    .png()
    .toFile(path);

interface TcavJson {
  layer: string;
  dim: number;
  random: { sets: number[] };
  alpha: number;
  cavAccuracy: number[];
  classes: { target: number; label: string; scores: number[]; nullScores: number[]; mean: number; nullMean: number; p: number; significant: boolean }[];
  files: { json: string; csv: string };
}

describe('CLI tcav and sanity --mode data on the demo digits', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-tcav-'));
  const dirs = { bars: join(root, 'bars'), random: join(root, 'random'), ones: join(root, 'ones'), sevens: join(root, 'sevens') };
  beforeAll(async () => {
    Object.values(dirs).forEach((d) => mkdirSync(d));
    const rand = mulberry32(4);
    // Concept: a bright vertical bar, 2–4 px wide, at columns 10–16, rows 4–23 (the stroke of a "1").
    for (let k = 0; k < 20; k++) {
      const [x0, w] = [10 + Math.floor(rand() * 5), 2 + Math.floor(rand() * 3)];
      await png(
        join(dirs.bars, `bar-${k}.png`),
        Array.from({ length: 784 }, (_, i) => (i % 28 >= x0 && i % 28 < x0 + w && i >= 4 * 28 && i < 24 * 28 ? 0.9 + 0.1 * rand() : 0)),
      );
    }
    // Random pool: held-out digits of every class; class images: held-out 1s and 7s.
    const { heldOut } = digitsSubsets(0, 1500, 8);
    let [r, o, s] = [0, 0, 0];
    for (const [px, label] of heldOut) {
      if (r < 120) await png(join(dirs.random, `r-${r++}.png`), px);
      else if (label === 1 && o < 30) await png(join(dirs.ones, `one-${o++}.png`), px);
      else if (label === 7 && s < 30) await png(join(dirs.sevens, `seven-${s++}.png`), px);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('tcav: a vertical-bar concept at conv2 drives class 1 (TCAV ≈ 1, significant); JSON, CSV and the t-test agree', async () => {
    const out = join(root, 'out');
    const r = await run(
      'tcav',
      '--model',
      demo('digits', 'model.json'),
      '--layer',
      'conv2',
      '--concept',
      dirs.bars,
      '--random',
      dirs.random,
      '--random-sets',
      '10',
      '--class',
      '1,7',
      '--images',
      dirs.ones,
      '--out',
      out,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TcavJson;
    const [one, seven] = j.classes;
    console.log(
      `[cli tcav bars @conv2, digit-1 images] class 1: TCAV ${one.mean.toFixed(3)} (null ${one.nullMean.toFixed(3)}), p ${one.p.toExponential(2)}; class 7: TCAV ${seven.mean.toFixed(3)} (null ${seven.nullMean.toFixed(3)}), p ${seven.p.toExponential(2)}; CAV accuracy ${Math.min(...j.cavAccuracy)}`,
    );
    expect(j.dim).toBe(14 * 14 * 16);
    expect(j.random.sets).toEqual(Array(10).fill(20)); // drawn from the pool at the concept's size
    expect(one.scores).toHaveLength(10);
    expect(one.nullScores).toHaveLength(10);
    expect(Math.min(...j.cavAccuracy)).toBeGreaterThanOrEqual(0.9); // a few pool digits (1s) look like bars
    expect(one.mean).toBeGreaterThan(0.9);
    expect(one.significant).toBe(true);
    expect(one.mean).toBeGreaterThan(seven.mean);
    for (const c of j.classes) expect(c.significant).toBe(c.p < j.alpha);
    const rows = readFileSync(j.files.csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1].split(',').slice(0, 3)).toEqual(['1', '"1"', String(Math.round(one.mean * 1e6) / 1e6)]);
  });

  it('tcav: bad arguments are one line on stderr', async () => {
    const r = await run(
      'tcav',
      '--model',
      demo('digits', 'model.json'),
      '--concept',
      dirs.bars,
      '--random',
      dirs.random,
      '--random-sets',
      '1',
      '--class',
      '1',
      '--images',
      dirs.ones,
      '--out',
      join(root, 'x'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // The range is the tcav request's to check (api/spec.ts), not the flag parser's.
    expect(r.stderr).toMatch(/"randomSets" must be an integer in 2…500/);
  });

  it('sanity --mode data on a labelled folder: trains the permuted copy and writes the comparison', () => {
    const data = join(root, 'labelled');
    mkdirSync(join(data, '1'), { recursive: true });
    mkdirSync(join(data, '7'));
    const out = join(root, 'data-out');
    spawnSync('cp', ['-r', `${dirs.ones}/.`, join(data, '1')]);
    spawnSync('cp', ['-r', `${dirs.sevens}/.`, join(data, '7')]);
    const r = cli(
      'sanity',
      '--mode',
      'data',
      '--model',
      demo('digits', 'model.json'),
      '--data',
      data,
      '--epochs',
      '3',
      '--train-limit',
      '600',
      '--method',
      'saliency',
      '--out',
      out,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      trainImages: number;
      training: { permutedFraction: number; trainedModelTrainAccuracy: number; loss: number[] };
      images: { name: string; target: number }[];
      methods: { id: string; mean: { spearmanAbs: number } }[];
    };
    console.log(
      `[cli sanity data, folder of 30 ones + 30 sevens, 3 epochs] permuted ${j.training.permutedFraction.toFixed(2)}, given model acc ${j.training.trainedModelTrainAccuracy.toFixed(3)}, saliency mean |ρ| ${j.methods[0].mean.spearmanAbs.toFixed(3)}`,
    );
    expect(j.trainImages).toBe(60);
    expect(j.training.loss).toHaveLength(3);
    expect(j.training.trainedModelTrainAccuracy).toBeGreaterThan(0.95);
    expect(j.images.map((i) => i.target)).toEqual([1, 7]);
    expect(j.methods[0].mean.spearmanAbs).toBeLessThan(0.8);
    expect(readFileSync(join(out, 'saliency.data-randomisation.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

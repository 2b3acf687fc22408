import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { CancelToken } from '../../core/jobs';
import { loadImageFile } from '../../io/load';
import type { Classifier } from '../../model/classifier';
import { loadModelFromPath } from '../../model/load';
import { preprocess } from '../../model/preprocess';
import { splitModel } from '../../model/split';
import { demo, HAVE_SHARED, shared, SHARED_MODELS } from '../../testing/shared-data';
import type { ExplainContext, MethodOutput } from '../types';
import { resolveParams } from '../registry';
import { maskUpsampler, scorecam, scorecamVariant, softmaxWeights } from './score-cam';
import { batchedCtx, expectCancelBetweenBatches, residualClassifier, runWithWeights } from './batched-fixtures';

const ctxOf = (...a: [Classifier, tf.Tensor4D, number, string | null, number, CancelToken?, ExplainContext['progress']?]): ExplainContext =>
  batchedCtx(scorecam, ...a);

/** S_c(x ⊙ mask_k) one channel at a time: the mask built here by hand (half-pixel bilinear, min-max). */
function oneByOneScore(c: Classifier, x: tf.Tensor4D, A: tf.Tensor4D, k: number, target: number): number {
  return tf.tidy(() => {
    const [, h, w] = A.shape;
    const up = tf.image.resizeBilinear(A.slice([0, 0, 0, k], [1, h, w, 1]), [x.shape[1], x.shape[2]], false, true);
    const [lo, hi] = [up.min().arraySync() as number, up.max().arraySync() as number];
    const mask = hi > lo ? up.sub(lo).div(hi - lo) : tf.zerosLike(up);
    return (c.logits(x.mul(mask) as tf.Tensor4D).arraySync() as number[][])[0][target];
  });
}

/** Align-corners bilinear by hand: output (y, x) samples the map at (y·(h−1)/(H−1), x·(w−1)/(W−1)). */
function alignCornersByHand(m: number[][], H: number, W: number): number[][] {
  const [h, w] = [m.length, m[0].length];
  return Array.from({ length: H }, (_, y) =>
    Array.from({ length: W }, (_, x) => {
      const sy = H > 1 ? (y * (h - 1)) / (H - 1) : 0;
      const sx = W > 1 ? (x * (w - 1)) / (W - 1) : 0;
      const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
      const [y1, x1] = [Math.min(y0 + 1, h - 1), Math.min(x0 + 1, w - 1)];
      const [fy, fx] = [sy - y0, sx - x0];
      return (1 - fy) * ((1 - fx) * m[y0][x0] + fx * m[y0][x1]) + fy * ((1 - fx) * m[y1][x0] + fx * m[y1][x1]);
    }),
  );
}

const pearson = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) [sab, saa, sbb] = [sab + (a[i] - ma) * (b[i] - mb), saa + (a[i] - ma) ** 2, sbb + (b[i] - mb) ** 2];
  return sab / Math.sqrt(saa * sbb);
};

const activations = (c: Classifier, layer: string, x: tf.Tensor4D): tf.Tensor4D =>
  tf.tidy(() => {
    const [A, ...side] = splitModel(c, layer).features(x);
    tf.dispose(side);
    return A as tf.Tensor4D;
  });

describe('Score-CAM (Wang et al. 2020)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('weighs channels by softmax_k S_c(x ⊙ mask_k), equal to a one-by-one loop, for any batch size', async () => {
    const c = residualClassifier();
    const x = tf.randomUniform([1, 10, 10, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const A = activations(c, 'target', x);
    const scores = Array.from({ length: 12 }, (_, k) => oneByOneScore(c, x, A, k, 1));
    const m = Math.max(...scores);
    const z = scores.reduce((s, v) => s + Math.exp(v - m), 0);
    const expected = scores.map((v) => Math.exp(v - m) / z);
    const before = tf.memory().numTensors;
    const runs: { out: MethodOutput; w: number[] }[] = [];
    for (const batch of [1, 7, 64]) {
      const steps: number[] = [];
      runs.push(
        await runWithWeights(
          scorecamVariant,
          ctxOf(c, x, 1, 'target', batch, new CancelToken(), (d) => steps.push(d)),
        ),
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(steps.filter((d) => d > 1)).toEqual(batch === 1 ? [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : batch === 7 ? [7, 12] : [12]);
    }
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(1e-3); // the weights are not trivially uniform
    for (const { w } of runs) w.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 6));
    for (const { out } of runs.slice(1)) out.map.forEach((v, i) => expect(v).toBeCloseTo(runs[0].out.map[i], 5));
    // The native grid is ReLU(Σ_k w_k A_k) with those weights.
    const a = (await A.data()) as Float32Array;
    const grid = runs[0].out.grid!;
    expect(grid.shape).toEqual([10, 10]);
    for (let i = 0; i < 100; i++)
      expect(grid.data[i]).toBeCloseTo(
        Math.max(
          0,
          expected.reduce((s, wk, k) => s + wk * a[i * 12 + k], 0),
        ),
        5,
      );
    tf.dispose([x, A]);
    c.dispose();
  });

  it('upsample=align-corners is bilinear with corners on corners, equal to a hand computation on a 2×3 map', () => {
    const m = [
      [1, 2, 4],
      [8, 16, 32],
    ];
    const want = alignCornersByHand(m, 4, 5);
    // Corners map exactly to corners; (0, 1) samples x = 0.5 → (1 + 2)/2; (1, 2) samples (1/3, 1) → 2 + (16 − 2)/3.
    expect([want[0][0], want[0][4], want[3][0], want[3][4]]).toEqual([1, 4, 8, 32]);
    expect(want[0][1]).toBeCloseTo(1.5, 12);
    expect(want[1][2]).toBeCloseTo(2 + 14 / 3, 12);
    const t = tf.tensor4d(m.flat(), [1, 2, 3, 1]);
    const half = (x: tf.Tensor4D) => tf.image.resizeBilinear(x, [4, 5], false, true);
    const [ac, hp] = tf.tidy(() => [maskUpsampler('align-corners', [4, 5], half)(t).dataSync(), maskUpsampler('half-pixel', [4, 5], half)(t).dataSync()]);
    want.flat().forEach((v, i) => expect(ac[i]).toBeCloseTo(v, 5));
    // Pixel (1, 1): align-corners samples (1/3, 1/2) → (2/3)·1.5 + (1/3)·12 = 5; half-pixel centres sample
    // (1.5·2/4 − 0.5, 1.5·3/5 − 0.5) = (0.25, 0.4) → 0.75·1.4 + 0.25·11.2 = 3.85.
    expect(want[1][1]).toBeCloseTo(5, 12);
    expect(ac[1 * 5 + 1]).toBeCloseTo(5, 5);
    expect(hp[1 * 5 + 1]).toBeCloseTo(3.85, 5);
    t.dispose();
  });

  it('upsample=align-corners weighs by softmax of scores of hand-built align-corners masks (digits conv2, 14×14 → 28×28)', async () => {
    const { classifier: c, info } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = preprocess(await loadImageFile(demo('digits', 'samples', 'digit-7.png')), info.preprocess, 28, 28, 1);
    const A = activations(c, 'conv2', x);
    const [, h, w, K] = A.shape;
    const a = (await A.data()) as Float32Array;
    const xs = (await x.data()) as Float32Array;
    const scores: number[] = [];
    for (let k = 0; k < K; k++) {
      const up = alignCornersByHand(
        Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => a[(i * w + j) * K + k])),
        28,
        28,
      ).flat();
      const [lo, hi] = [Math.min(...up), Math.max(...up)];
      const masked = tf.tensor4d(
        xs.map((v, i) => v * (hi > lo ? (up[i] - lo) / (hi - lo) : 0)),
        [1, 28, 28, 1],
      );
      scores.push(tf.tidy(() => (c.logits(masked).arraySync() as number[][])[0][7]));
      masked.dispose();
    }
    const expected = Array.from(softmaxWeights(Float32Array.from(scores)));
    const ctx = (upsample: string): ExplainContext => ({
      model: c,
      input: x,
      target: 7,
      layer: 'conv2',
      params: resolveParams(scorecam, { batch: 8, upsample }),
      signal: new CancelToken(),
      progress: () => {},
    });
    const before = tf.memory().numTensors;
    const ac = await runWithWeights(scorecamVariant, ctx('align-corners'));
    const hp = await runWithWeights(scorecamVariant, ctx('half-pixel'));
    expect(tf.memory().numTensors).toBe(before);
    ac.w.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
    // The softmax amplifies a sub-cell shift of the masks: measured (wasm) max |Δw_k| 0.21, yet the maps
    // stay close on this 16-channel layer (Pearson 0.9977; Darknet's 1000-channel layer: 0.865).
    expect(Math.max(...ac.w.map((v, k) => Math.abs(v - hp.w[k])))).toBeGreaterThan(0.1);
    const r = pearson(ac.out.map, hp.out.map);
    expect(r).toBeGreaterThan(0.99);
    expect(r).toBeLessThan(0.9999);
    tf.dispose([x, A]);
    c.dispose();
  });

  it('throws "cancelled" between batches and leaks nothing', () => expectCancelBetweenBatches(scorecam, () => 0, 4));

  const realCases: [string, () => string, () => string, number, string | null, boolean][] = [
    ['demo digits', () => demo('digits', 'model.json'), () => demo('digits', 'samples', 'digit-7.png'), 7, null, true],
    ['demo chest', () => demo('chest', 'model.json'), () => demo('chest', 'samples', 'phantom-01.png'), 1, null, true],
    ['LeNet (multi-output)', () => SHARED_MODELS.lenet, () => demo('digits', 'samples', 'digit-7.png'), 7, null, HAVE_SHARED],
    ['Darknet-tiny at leaky_re_lu_15', () => SHARED_MODELS.darknet, () => shared('images', 'skimage_chelsea.png'), 285, 'leaky_re_lu_15', HAVE_SHARED],
  ];
  for (const [name, modelPath, imagePath, target, layer, have] of realCases) {
    it.skipIf(!have)(`runs on ${name}: softmax weights match one-by-one masked scores of the top channels`, async () => {
      const { classifier: c, info } = await loadModelFromPath(modelPath());
      const x = preprocess(await loadImageFile(imagePath()), info.preprocess, c.inputHeight, c.inputWidth, c.inputChannels);
      const before = tf.memory().numTensors;
      const { out, w } = await runWithWeights(scorecamVariant, ctxOf(c, x, target, layer, 32));
      expect(tf.memory().numTensors).toBe(before);
      const used = out.grid!.layer;
      const A = activations(c, used, x);
      expect(w.length).toBe(A.shape[3]);
      expect(out.grid!.shape).toEqual([A.shape[1], A.shape[2]]);
      expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      // Softmax: log(w_k / w_j) = S_k − S_j. Checked on the three largest weights.
      const top = w
        .map((v, k) => [v, k])
        .sort((p, q) => q[0] - p[0])
        .slice(0, 3)
        .map((p) => p[1]);
      const s = top.map((k) => oneByOneScore(c, x, A, k, target));
      for (const i of [1, 2]) expect(Math.log(w[top[0]] / w[top[i]])).toBeCloseTo(s[0] - s[i], 3);
      expect(Math.min(...out.map)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out.map)).toBeGreaterThan(0);
      tf.dispose([x, A]);
      c.dispose();
    });
  }
});

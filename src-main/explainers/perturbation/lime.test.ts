import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { linearModel, perturbCtx, smallConvNet } from './fixtures';
import { lime, limeSamples, limeWeight } from './lime';
import { interpretableFeatures } from './segments';
import { mulberry32 } from '../../shared/random';
import { describeEachBackend } from '../../testing/each-backend';

/** A model whose class-0 logit is Σ_s w_s · mean_s(x) over a given partition (one channel). */
function segmentMeanModel(labels: Int32Array, weights: number[], h: number, w: number) {
  const size = new Array<number>(weights.length).fill(0);
  for (const l of labels) size[l]++;
  return linearModel(h, w, 1, [Float32Array.from(labels, (l) => weights[l] / size[l]), new Float32Array(h * w)]);
}

/** mean of x over each label. */
function segmentMeans(x: Float32Array, labels: Int32Array, count: number): number[] {
  const s = new Array<number>(count).fill(0);
  const n = new Array<number>(count).fill(0);
  labels.forEach((l, p) => ((s[l] += x[p]), n[l]++));
  return s.map((v, l) => v / n[l]);
}

describeEachBackend(['wasm', 'cpu'], 'LIME (Ribeiro et al. 2016)', () => {
  it('weighs samples with lime’s kernel on the cosine distance and starts from the unperturbed sample', () => {
    expect(limeWeight(10, 10, 0.25)).toBe(1);
    // k = 5 of 20: cosine similarity √(5/20) = 0.5, d = 0.5, π = √exp(−0.25/0.0625) = e^−2.
    expect(limeWeight(5, 20, 0.25)).toBeCloseTo(Math.exp(-2), 12);
    expect(limeWeight(0, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-16)), 12);
    const Z = limeSamples(mulberry32(1), 400, 8);
    expect(Array.from(Z.subarray(0, 8))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const ones = Z.subarray(8).reduce((a, b) => a + b, 0) / (399 * 8);
    expect(ones).toBeGreaterThan(0.45);
    expect(ones).toBeLessThan(0.55);
  });

  it('recovers the weights of a linear toy model (score = Σ w_s · segment mean) over drawn regions, R² = 1, no leak', async () => {
    // 24×24 in a 4 × 3 grid of blocks (6 × 8 pixels): 12 regions.
    const [h, w] = [24, 24];
    const labels = Int32Array.from({ length: h * w }, (_, p) => Math.floor(Math.floor(p / w) / 6) * 3 + Math.floor((p % w) / 8));
    const weights = [3, -2, 0.5, 0, 1.5, -1, 2.5, 0.75, -0.5, 1, -3, 2];
    const model = segmentMeanModel(labels, weights, h, w);
    const x = tf.randomUniform([1, h, w, 1], 0.2, 1, 'float32', 3) as tf.Tensor4D;
    const means = segmentMeans(x.dataSync() as Float32Array, labels, 12);
    const before = tf.memory().numTensors;
    const out = await lime.run(perturbCtx(lime, model, x, 0, { fill: 'zero' }, { regions: { labels, count: 12 } }));
    expect(tf.memory().numTensors).toBe(before);
    expect(out.extras).toMatchObject({ segments: 12, features: 'regions', samples: 1000 });
    expect(out.extras?.r2 as number).toBeGreaterThan(0.9999);
    // Hiding region s (fill 0) removes w_s · mean_s(x): that is its exact linear weight; ridge α = 1 shrinks it by < 2% (+ 0.002 of cross-talk).
    const got = out.extras?.segmentWeights as number[];
    weights.forEach((ws, s) => expect(Math.abs(got[s] - ws * means[s])).toBeLessThanOrEqual(0.02 * Math.abs(ws * means[s]) + 0.002));
    out.map.forEach((v, p) => expect(v).toBe(Math.fround(got[labels[p]])));
    expect(out.extras?.scoreInput as number).toBeCloseTo(
      weights.reduce((a, ws, s) => a + ws * means[s], 0),
      4,
    );
    tf.dispose(x);
    model.dispose();
  });
});

// Superpixels, every fill and Felzenszwalb: about 3× slower on cpu; the table (methods.table.test.ts) compares LIME across backends.
describe('LIME over its own superpixels (wasm)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('recovers them over its own SLIC superpixels of an RGB input too, with any fill', async () => {
    const [h, w] = [32, 32];
    const x = tf.tidy(() => {
      const yy = tf.linspace(0, 1, h).reshape([1, h, 1, 1]);
      const xx = tf.linspace(0, 1, w).reshape([1, 1, w, 1]);
      return tf.concat([yy.add(xx.mul(0)), xx.add(yy.mul(0)), yy.mul(xx)], 3) as tf.Tensor4D;
    });
    const ctxSeg = perturbCtx(lime, smallConvNet(h, w, 3), x, 0, { segments: 16 });
    const feats = await interpretableFeatures(ctxSeg);
    expect(feats.source).toBe('slic');
    expect(feats.count).toBeGreaterThanOrEqual(10);
    // The model: class 0 = Σ_s w_s · mean over s of channel 0 + channel 1 (a 3-channel linear model).
    const K = feats.count;
    const ws = Array.from({ length: K }, (_, s) => Math.sin(s + 1) * 2);
    const size = new Array<number>(K).fill(0);
    for (const l of feats.labels) size[l]++;
    const kernel = new Float32Array(h * w * 3);
    feats.labels.forEach((l, p) => ((kernel[p * 3] = ws[l] / size[l]), (kernel[p * 3 + 1] = ws[l] / size[l])));
    const model = linearModel(h, w, 3, [kernel, new Float32Array(h * w * 3)]);
    const xv = x.dataSync();
    const hiddenMean = [0, 1].map((c) => Array.from({ length: h * w }, (_, p) => xv[p * 3 + c]).reduce((a, b) => a + b) / (h * w));
    const out = await lime.run(perturbCtx(lime, model, x, 0, { segments: 16, fill: 'mean', samples: 1000 }));
    const got = out.extras?.segmentWeights as number[];
    expect(got.length).toBe(K);
    expect(out.extras?.r2 as number).toBeGreaterThan(0.9999);
    for (let s = 0; s < K; s++) {
      let delta = 0; // Σ_{p∈s} W_p (x_p − fill_p) over the two channels
      feats.labels.forEach((l, p) => l === s && (delta += (ws[s] / size[s]) * (xv[p * 3] - hiddenMean[0] + xv[p * 3 + 1] - hiddenMean[1])));
      expect(Math.abs(got[s] - delta)).toBeLessThanOrEqual(0.02 * Math.abs(delta) + 0.002);
    }
    x.dispose();
    model.dispose();
    ctxSeg.model.dispose();
  });

  it('reproduces a map from its seed, changes with it, and accepts Felzenszwalb and every fill', async () => {
    const model = smallConvNet(28, 28, 1);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const run = (seed: number, extra = {}) => lime.run(perturbCtx(lime, model, x, 2, { seed, samples: 200, ...extra }));
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    expect(a.extras?.segments).toBeGreaterThanOrEqual(5); // about 10 by default at 28² (noise: compactness raised)
    expect(Array.from(b.map)).toEqual(Array.from(a.map));
    expect(Array.from(c.map)).not.toEqual(Array.from(a.map));
    const before = tf.memory().numTensors;
    for (const fill of ['zero', 'mean', 'blur', 'noise', '#ff8000'])
      expect((await run(1, { fill, segmentation: 'felzenszwalb' })).extras?.features).toBe('felzenszwalb');
    expect(tf.memory().numTensors).toBe(before);
    await expect(run(1, { fill: 'purple' })).rejects.toThrow(/fill "purple"/);
    x.dispose();
    model.dispose();
  });
});

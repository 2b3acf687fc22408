import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../model/layers-classifier';
import { gaussianTaps } from '../numerics/image-ops';
import { BASELINES, baselineBlur, batchScore, batchScoreGradient, makeBaseline, rng } from './baselines';
import { classScoreGradient } from './saliency';
import { describeEachBackend } from '../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'baselines for path methods', () => {
  it('black/white are what an imagenet preset maps 0/1 to, for an image holding a black and a white pixel', () => {
    // A unit image in [0.2, 0.8] except one black (0) and one white (1) pixel, then imagenet-normalised.
    const px = Float32Array.from({ length: 6 * 6 * 3 }, (_, i) => (i < 3 ? 0 : i >= 105 ? 1 : 0.2 + (0.6 * ((i * 37) % 101)) / 101));
    const u = tf.tensor4d(px, [1, 6, 6, 3]);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const x = tf.tidy(() => u.sub(tf.tensor1d(mean)).div(tf.tensor1d(std))) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const [black, white] = [makeBaseline('black', x), makeBaseline('white', x)];
    const [bd, wd] = [black.dataSync(), white.dataSync()];
    for (let i = 0; i < bd.length; i++) {
      expect(bd[i]).toBeCloseTo(-mean[i % 3] / std[i % 3], 5);
      expect(wd[i]).toBeCloseTo((1 - mean[i % 3]) / std[i % 3], 5);
    }
    tf.dispose([black, white]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([u, x]);
  });

  it('blur options: σ = 5% of the longer side (13×17 → 0.85, radius 3), the radius kept below that side, normalised borders', () => {
    expect(baselineBlur(13, 17)).toMatchObject({ truncate: 3, rounding: 'ceil', border: 'renormalise', maxRadius: 16 });
    expect(baselineBlur(13, 17).sigma).toBeCloseTo(0.85, 12);
    expect(gaussianTaps(baselineBlur(13, 17)).length).toBe(7);
    expect(gaussianTaps(baselineBlur(2, 3)).length).toBe(5); // σ = ½, radius ⌈1.5⌉ = 2 = side − 1
  });

  it('blur keeps a constant image constant up to the borders and lowers the variance of noise; noise is seeded and in range; mean is the channel mean', () => {
    const flat = tf.fill([1, 16, 16, 3], 0.7) as tf.Tensor4D;
    const fb = makeBaseline('blur', flat);
    for (const v of fb.dataSync()) expect(v).toBeCloseTo(0.7, 5);
    const x = tf.randomUniform([1, 16, 16, 3], -2, 3, 'float32', 2) as tf.Tensor4D;
    const b = makeBaseline('blur', x);
    const variance = (t: tf.Tensor): number => tf.tidy(() => tf.moments(t).variance.dataSync()[0]);
    expect(variance(b)).toBeLessThan(0.2 * variance(x));
    const [n1, n2, n3] = [makeBaseline('noise', x, 5), makeBaseline('noise', x, 5), makeBaseline('noise', x, 6)];
    expect(Array.from(n1.dataSync())).toEqual(Array.from(n2.dataSync()));
    expect(Array.from(n1.dataSync())).not.toEqual(Array.from(n3.dataSync()));
    const [lo, hi] = [x.min().dataSync()[0], x.max().dataSync()[0]];
    for (const v of n1.dataSync()) expect(v >= lo && v <= hi).toBe(true);
    const m = makeBaseline('mean', x);
    const cm = tf.tidy(() => x.mean([0, 1, 2]).dataSync());
    m.dataSync().forEach((v, i) => expect(v).toBeCloseTo(cm[i % 3], 5));
    for (const k of BASELINES) {
      const t = makeBaseline(k, x);
      expect(t.shape).toEqual(x.shape);
      t.dispose();
    }
    tf.dispose([flat, fb, x, b, n1, n2, n3, m]);
  });

  it('batched gradients and scores equal the per-row ones', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [6, 6, 1],
          filters: 2,
          kernelSize: 3,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
      ],
    });
    const c = layersClassifier(model);
    const xs = tf.randomUniform([3, 6, 6, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const g = batchScoreGradient(c, xs, 2);
    const s = batchScore(c, xs, 2);
    for (let i = 0; i < 3; i++) {
      const xi = xs.slice([i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
      const gi = classScoreGradient((t) => c.logits(t), xi, 2);
      const row = g.slice([i, 0, 0, 0], [1, -1, -1, -1]).dataSync();
      gi.dataSync().forEach((v, j) => expect(row[j]).toBeCloseTo(v, 6));
      expect(s.dataSync()[i]).toBeCloseTo(c.logits(xi).dataSync()[2], 5);
      tf.dispose([xi, gi]);
    }
    tf.dispose([xs, g, s]);
    model.dispose();
    const r = rng(1);
    const draws = Array.from({ length: 1000 }, r);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(draws.reduce((a, b) => a + b, 0) / 1000 - 0.5)).toBeLessThan(0.03);
  });
});

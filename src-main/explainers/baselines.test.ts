import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { layersClassifier } from '../model/classifier';
import { BASELINES, batchScore, batchScoreGradient, gaussianBlur, makeBaseline, rng } from './baselines';
import { classScoreGradient } from './saliency';

describe('baselines for path methods', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('black/white are what an imagenet preset maps 0/1 to, for an image holding a black and a white pixel', () => {
    // A unit image in [0.2, 0.8] except one black (0) and one white (1) pixel, then imagenet-normalised.
    const px = Float32Array.from({ length: 6 * 6 * 3 }, (_, i) => (i < 3 ? 0 : i >= 105 ? 1 : 0.2 + 0.6 * ((i * 37) % 101) / 101));
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

  it('blur: the matrix and convolution routes agree with a direct normalised Gaussian, batched and non-square', () => {
    const [n, h, w, c] = [2, 13, 17, 3];
    const x = tf.randomUniform([n, h, w, c], -1, 1, 'float32', 9) as tf.Tensor4D;
    const [byMatrix, byConv] = [gaussianBlur(x).dataSync(), gaussianBlur(x, 0).dataSync()];
    // Direct: Σ g(dy)g(dx)·x over the taps inside the image, over Σ g(dy)g(dx) there; σ = 5% of 17, radius 3.
    const sigma = 0.85;
    const r = 3;
    const xv = x.dataSync();
    const at = (b: number, i: number, j: number, ch: number): number => {
      let [num, den] = [0, 0];
      for (let di = -r; di <= r; di++) for (let dj = -r; dj <= r; dj++) {
        const [y, z] = [i + di, j + dj];
        if (y < 0 || y >= h || z < 0 || z >= w) continue;
        const k = Math.exp(-(di * di + dj * dj) / (2 * sigma * sigma));
        num += k * xv[((b * h + y) * w + z) * c + ch];
        den += k;
      }
      return num / den;
    };
    let worst = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let ch = 0; ch < c; ch++) {
      const idx = ((b * h + i) * w + j) * c + ch;
      worst = Math.max(worst, Math.abs(byMatrix[idx] - at(b, i, j, ch)), Math.abs(byConv[idx] - at(b, i, j, ch)));
    }
    expect(worst).toBeLessThan(1e-5);
    x.dispose();
  });

  it('blur keeps a constant image constant up to the borders and lowers the variance of noise; noise is seeded and in range; mean is the channel mean', () => {
    const flat = tf.fill([1, 16, 16, 3], 0.7) as tf.Tensor4D;
    const fb = gaussianBlur(flat);
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
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }), tf.layers.flatten(), tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) })] });
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

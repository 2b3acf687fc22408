import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { mulberry32 } from '../shared/random';
import { gaussianBlur, gaussianBlurHwc, gaussianTaps, roll, type BlurOptions, type Border } from './image-ops';

// The callers' presets, written out: Felzenszwalb (scipy.ndimage), the class-model regulariser, the blur baseline.
const SCIPY = { truncate: 4, rounding: 'round', border: 'symmetric' } as const;
const VIS = { truncate: 3, rounding: 'ceil', border: 'reflect', route: 'conv' } as const;
const NORMALISED = { truncate: 3, rounding: 'ceil', border: 'renormalise' } as const;

describe('image ops', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('roll shifts circularly, negative and oversized shifts included; roll(−) undoes it; no shift is still a new tensor', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]); // [[1,2,3],[4,5,6]]
    expect(Array.from(roll(x, 0, 1).dataSync())).toEqual([3, 1, 2, 6, 4, 5]);
    expect(Array.from(roll(x, 1, 0).dataSync())).toEqual([4, 5, 6, 1, 2, 3]);
    expect(Array.from(roll(x, 1, -1).dataSync())).toEqual([5, 6, 4, 2, 3, 1]);
    expect(Array.from(roll(x, -3, 7).dataSync())).toEqual([6, 4, 5, 3, 1, 2]); // = roll(x, 1, 1)
    expect(Array.from(roll(roll(x, 1, -2), -1, 2).dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const same = roll(x, 2, -3);
    expect(same).not.toBe(x);
    same.dispose();
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    x.dispose();
  });

  it('taps: radius ⌈t·σ⌉ or ⌊t·σ + ½⌋, cut at maxRadius, normalised after the cut', () => {
    expect(gaussianTaps({ sigma: 1, truncate: 3, rounding: 'ceil' }).length).toBe(7);
    expect(gaussianTaps({ sigma: 1.5, truncate: 4, rounding: 'round' }).length).toBe(13);
    expect(gaussianTaps({ sigma: 0.1, truncate: 4, rounding: 'round' })).toEqual(Float64Array.of(1));
    const cut = gaussianTaps({ sigma: 5, truncate: 3, rounding: 'ceil', maxRadius: 2 });
    const e = [4, 1, 0, 1, 4].map((d) => Math.exp(-d / 50));
    const s = e.reduce((a, v) => a + v, 0);
    cut.forEach((v, i) => expect(v).toBeCloseTo(e[i] / s, 15));
  });

  it('each border against a hand-rolled 1×4 row, on the host and both tensor routes', () => {
    const o = { sigma: 0.3, truncate: 3, rounding: 'ceil' } as const; // radius 1: taps [a, b, a]
    const [a, b] = gaussianTaps(o);
    const x = [1, 2, 4, 8];
    // Row pass with the ghosts each border puts at −1 and 4; the 1-row column pass multiplies by `col`.
    const want: Record<Border, number[]> = {
      symmetric: [a * 1 + b * 1 + a * 2, a * 1 + b * 2 + a * 4, a * 2 + b * 4 + a * 8, a * 4 + b * 8 + a * 8],
      reflect: [a * 2 + b * 1 + a * 2, a * 1 + b * 2 + a * 4, a * 2 + b * 4 + a * 8, a * 4 + b * 8 + a * 4],
      zero: [b * 1 + a * 2, a * 1 + b * 2 + a * 4, a * 2 + b * 4 + a * 8, a * 4 + b * 8].map((v) => v * b),
      renormalise: [(b * 1 + a * 2) / (a + b), a * 1 + b * 2 + a * 4, a * 2 + b * 4 + a * 8, (a * 4 + b * 8) / (a + b)],
    };
    for (const border of Object.keys(want) as Border[]) {
      const host = gaussianBlurHwc(Float32Array.from(x), 1, 4, 1, { ...o, border });
      const t = tf.tensor4d(x, [1, 1, 4, 1]);
      const [m, c] = [gaussianBlur(t, { ...o, border, route: 'matrix' }), gaussianBlur(t, { ...o, border, route: 'conv' })];
      for (const got of [host, m.dataSync(), c.dataSync()]) want[border].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
      tf.dispose([t, m, c]);
    }
  });

  it('scipy preset (host): constants and the mean are kept, contrast drops; a kernel wider than the image mirrors periodically', () => {
    const r = mulberry32(9);
    const img = new Float32Array(16 * 16).map(() => r());
    const out = gaussianBlurHwc(img, 16, 16, 1, { ...SCIPY, sigma: 1.5 });
    const mean = (v: Float32Array): number => v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean(out) - mean(img))).toBeLessThan(0.02);
    expect(Math.max(...out) - Math.min(...out)).toBeLessThan(Math.max(...img) - Math.min(...img));
    expect(Array.from(gaussianBlurHwc(new Float32Array(25).fill(2), 5, 5, 1, { ...SCIPY, sigma: 3 })).every((v) => Math.abs(v - 2) < 1e-6)).toBe(true);
    expect(gaussianBlurHwc(img, 16, 16, 1, { ...SCIPY, sigma: 0 })).toEqual(img);
  });

  it('feature-vis preset (conv, reflect): a constant stays constant and an impulse spreads as the normalised Gaussian, no leak', () => {
    const before = tf.memory().numTensors;
    const c = tf.fill([1, 9, 9, 3], 0.7) as tf.Tensor4D;
    const bc = gaussianBlur(c, { ...VIS, sigma: 1 });
    for (const v of bc.dataSync()) expect(v).toBeCloseTo(0.7, 5);
    const imp = tf.buffer([1, 15, 15, 1]);
    imp.set(1, 0, 7, 7, 0);
    const b = tf.tidy(() => gaussianBlur(imp.toTensor() as tf.Tensor4D, { ...VIS, sigma: 1 }).dataSync());
    const k = gaussianTaps({ ...VIS, sigma: 1 }); // radius 3, sums to 1
    expect(k.length).toBe(7);
    expect(b[7 * 15 + 7]).toBeCloseTo(k[3] * k[3], 6);
    expect(b[7 * 15 + 9]).toBeCloseTo(k[3] * k[5], 6);
    expect(Array.from(b).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    tf.dispose([c, bc]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('normalised preset: the matrix and convolution routes agree with a direct normalised Gaussian, batched and non-square', () => {
    const [n, h, w, c] = [2, 13, 17, 3];
    const x = tf.randomUniform([n, h, w, c], -1, 1, 'float32', 9) as tf.Tensor4D;
    // σ = 5% of 17 as the blur baseline, radius 3.
    const sigma = 0.85;
    const opts: BlurOptions = { ...NORMALISED, sigma, maxRadius: 16 };
    const [byMatrix, byConv] = [gaussianBlur(x, { ...opts, route: 'matrix' }).dataSync(), gaussianBlur(x, { ...opts, route: 'conv' }).dataSync()];
    // Direct: Σ g(dy)g(dx)·x over the taps inside the image, over Σ g(dy)g(dx) there.
    const r = 3;
    const xv = x.dataSync();
    const at = (bi: number, i: number, j: number, ch: number): number => {
      let [num, den] = [0, 0];
      for (let di = -r; di <= r; di++)
        for (let dj = -r; dj <= r; dj++) {
          const [y, z] = [i + di, j + dj];
          if (y < 0 || y >= h || z < 0 || z >= w) continue;
          const k = Math.exp(-(di * di + dj * dj) / (2 * sigma * sigma));
          num += k * xv[((bi * h + y) * w + z) * c + ch];
          den += k;
        }
      return num / den;
    };
    let worst = 0;
    for (let bi = 0; bi < n; bi++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++)
          for (let ch = 0; ch < c; ch++) {
            const idx = ((bi * h + i) * w + j) * c + ch;
            worst = Math.max(worst, Math.abs(byMatrix[idx] - at(bi, i, j, ch)), Math.abs(byConv[idx] - at(bi, i, j, ch)));
          }
    expect(worst).toBeLessThan(1e-5);
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { otherClass, randomLogit } from './random-logit';

/** SSIM of one 7×7 window (the whole image) by the formula: sample (co)variances, C1 = 0.01², C2 = 0.03². */
function ssimOneWindow(a: number[], b: number[]): number {
  const n = a.length;
  const mean = (v: number[]): number => v.reduce((s, t) => s + t, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  const cov = (u: number[], mu: number, v: number[], mv: number): number => u.reduce((s, t, i) => s + (t - mu) * (v[i] - mv), 0) / (n - 1);
  const [c1, c2] = [1e-4, 9e-4];
  return ((2 * ma * mb + c1) * (2 * cov(a, ma, b, mb) + c2)) / ((ma * ma + mb * mb + c1) * (cov(a, ma, a, ma) + cov(b, mb, b, mb) + c2));
}

describe('random-logit test (Sixt et al.)', () => {
  const input = tf.zeros([1, 7, 7, 1]) as tf.Tensor4D;

  it('the other class is seeded, never the target, and covers every other class', () => {
    expect(otherClass(3, 10, 5)).toBe(((k) => (k >= 3 ? k + 1 : k))(Math.floor(mulberry32(5)() * 9)));
    const seen = new Set<number>();
    for (let s = 0; s < 200; s++) seen.add(otherClass(3, 10, s));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(otherClass(0, 2, 123)).toBe(1);
  });

  it('SSIM of the two |map|/p99 maps: 1 for a rescaled copy, the one-window formula otherwise', async () => {
    // Maps in [0,1] whose 99th percentile is 1 (several ones), so normalisation leaves them unchanged.
    const a = Array.from({ length: 49 }, (_, i) => (i < 5 ? 1 : (i % 7) / 7));
    const b = Array.from({ length: 49 }, (_, i) => (i >= 44 ? 1 : ((i * 3) % 11) / 11));
    const byClass = (c: number): Float32Array => Float32Array.from(c === 0 ? a : b);
    const same = await randomLogit((_x, c) => Promise.resolve(c === 0 ? byClass(0) : byClass(0).map((v) => -4 * v)), input, 0, byClass(0), 2, 1, [7, 7]);
    expect(same).toEqual({ ssim: expect.closeTo(1, 9), otherClass: 1 });
    const diff = await randomLogit((_x, c) => Promise.resolve(byClass(c)), input, 0, byClass(0), 2, 1, [7, 7]);
    expect(diff.ssim).toBeCloseTo(ssimOneWindow(Array.from(Float32Array.from(a)), Array.from(Float32Array.from(b))), 6);
    expect(diff.ssim).toBeLessThan(0.5);
  });

  it('NaN below SSIM’s 7×7 window', async () => {
    const r = await randomLogit(() => Promise.resolve(new Float32Array(4).fill(1)), input, 1, new Float32Array(4).fill(1), 3, 0, [2, 2]);
    expect(r.ssim).toBeNaN();
  });
});

// Reference values computed by hand from the SSIM formula with skimage's
// defaults (7×7 uniform window, sample covariance ×49/48, K1 0.01, K2 0.03,
// data_range 1 → C1 = 1e-4, C2 = 9e-4), on arrays small enough to do so.
import { describe, expect, it } from 'vitest';
import { ssim } from './ssim';

const C1 = 1e-4;
const C2 = 9e-4;

describe('ssim (skimage structural_similarity defaults)', () => {
  it('is 1 for identical images', () => {
    const a = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    expect(ssim(a, a, [10, 10], { dataRange: 2 })).toBeCloseTo(1, 10);
  });

  it('7×7 constants 0 and 1: one window, no variance → C1/(1 + C1) = 9.999e-5', () => {
    const z = new Float32Array(49);
    const o = new Float32Array(49).fill(1);
    expect(ssim(z, o, [7, 7], { dataRange: 1 })).toBeCloseTo(C1 / (1 + C1), 12);
  });

  it('7×7 ramp k/48 against its inverse: (C2 − 2v)/(C2 + 2v) = −0.989895, v = 200·49/48/48²', () => {
    const x = Float32Array.from({ length: 49 }, (_, k) => k / 48);
    const y = x.map((v) => 1 - v);
    // Equal means (0.5) cancel in the luminance term; σx² = σy² = v, σxy = −v.
    const v = (200 * 49) / 48 / 48 ** 2;
    const expected = (C2 - 2 * v) / (C2 + 2 * v);
    expect(expected).toBeCloseTo(-0.989895, 6);
    expect(ssim(x, y, [7, 7], { dataRange: 1 })).toBeCloseTo(expected, 6);
  });

  it('8×7: the mean over both windows, one identical (1) and one with a bright last row', () => {
    // x all 0; y has row 7 = 1. Window rows 0–6: both zero → S = 1. Window rows 1–7: μy = 1/7,
    // σy² = 49/48·(1/7 − 1/49) = 0.125, μx = σx² = σxy = 0 → S = C1·C2/((1/49 + C1)(0.125 + C2)).
    const x = new Float32Array(56);
    const y = new Float32Array(56);
    y.fill(1, 49);
    const s2 = (C1 * C2) / ((1 / 49 + C1) * (0.125 + C2));
    expect(ssim(x, y, [8, 7], { dataRange: 1 })).toBeCloseTo((1 + s2) / 2, 9);
    expect((1 + s2) / 2).toBeCloseTo(0.5000174, 6);
  });

  it('refuses images smaller than the window', () => {
    expect(() => ssim(new Float32Array(36), new Float32Array(36), [6, 6], { dataRange: 1 })).toThrow(/smaller than the 7×7 window/);
  });
});

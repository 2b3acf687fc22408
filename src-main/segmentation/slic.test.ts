import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { enforceConnectivity, rgbToLab, slic } from './slic';

/** Every label forms one 4-connected piece. */
function connected(labels: Int32Array, h: number, w: number, count: number): boolean {
  const seen = new Uint8Array(h * w);
  let pieces = 0;
  for (let s = 0; s < h * w; s++) {
    if (seen[s]) continue;
    pieces++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const p = stack.pop() as number;
      const [y, x] = [Math.floor(p / w), p % w];
      for (const [yy, xx] of [
        [y - 1, x],
        [y + 1, x],
        [y, x - 1],
        [y, x + 1],
      ]) {
        const q = yy * w + xx;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w && !seen[q] && labels[q] === labels[p]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return pieces === count;
}

describe('SLIC superpixels (Achanta et al. 2012)', () => {
  it('converts sRGB to CIELAB as skimage (D65)', () => {
    const lab = rgbToLab(Float32Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5]));
    [100, 0, 0, 53.2408, 80.0925, 67.2032, 0, 0, 0, 53.3889, 0, 0].forEach((v, i) => expect(lab[i]).toBeCloseTo(v, 1));
  });

  it('recovers four flat noisy quadrants exactly when asked for four', () => {
    const [h, w] = [24, 32];
    const rand = mulberry32(1);
    const colour = [
      [20, 0, 0],
      [60, 30, -20],
      [80, -40, 10],
      [40, 10, 50],
    ];
    const q = (y: number, x: number): number => (y < 12 ? 0 : 2) + (x < 16 ? 0 : 1);
    const img = new Float32Array(h * w * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = colour[q(y, x)][c] + (rand() - 0.5) * 4;
    const seg = slic(img, h, w, 3, { segments: 4 });
    expect(seg.count).toBe(4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(seg.labels[y * w + x]).toBe(q(y, x));
  });

  it('gives about the requested number of connected superpixels, none below half the nominal size, deterministically', () => {
    const [h, w] = [64, 80];
    const rand = mulberry32(2);
    const img = Float32Array.from({ length: h * w }, (_, p) => 100 * (0.5 + 0.15 * Math.sin((p % w) / 9) * Math.cos(Math.floor(p / w) / 7)) + 5 * rand());
    for (const n of [10, 50]) {
      const seg = slic(img, h, w, 1, { segments: n });
      expect(seg.count).toBeGreaterThanOrEqual(n * 0.6);
      expect(seg.count).toBeLessThanOrEqual(n * 1.4);
      expect(connected(seg.labels, h, w, seg.count)).toBe(true);
      const sizes = new Array<number>(seg.count).fill(0);
      for (const l of seg.labels) sizes[l]++;
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(Math.floor((0.5 * h * w) / n));
      expect(Array.from(slic(img, h, w, 1, { segments: n }).labels)).toEqual(Array.from(seg.labels));
    }
  });

  it('merges a small stray piece into its neighbour and splits a disconnected label', () => {
    // A 1-pixel island of label 1 (row 1, column 1) inside label 0; label 1 also on the right.
    const a = Int32Array.from([0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1]);
    const tiny = enforceConnectivity(a, 4, 4, 2);
    expect(tiny.count).toBe(2);
    expect(Array.from(tiny.labels)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1]);
    const split = Int32Array.from([0, 1, 0, 0, 1, 0, 0, 1, 0]); // label 0 in two columns
    expect(enforceConnectivity(split, 3, 3, 1)).toEqual({ labels: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]), count: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { felzenszwalb } from './felzenszwalb';

/** Small seeded generator so the noise images are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function sizes(labels: Int32Array, count: number): number[] {
  const s = new Array<number>(count).fill(0);
  for (const l of labels) s[l]++;
  return s;
}

describe('felzenszwalb (Felzenszwalb & Huttenlocher 2004)', () => {
  it('splits two flat rectangles into exactly 2 segments along their border', () => {
    const [h, w, c] = [40, 60, 3];
    const img = new Float32Array(h * w * c);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) img[(y * w + x) * c + ch] = x < 25 ? -0.8 : 0.6 + 0.1 * ch;
    // σ=0.8 blurs the border into two intermediate columns; minSize folds them into a side.
    const { labels, count } = felzenszwalb(img, h, w, c, { scale: 100, sigma: 0.8, minSize: 50 });
    expect(count).toBe(2);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (x < 23) expect(labels[y * w + x]).toBe(0);
        if (x > 26) expect(labels[y * w + x]).toBe(1);
      }
    }
    // Without smoothing the border is a step and each side is its own segment, exactly.
    const sharp = felzenszwalb(img, h, w, c, { scale: 100, sigma: 0, minSize: 1 });
    expect(sharp.count).toBe(2);
    expect(sizes(sharp.labels, 2)).toEqual([25 * h, 35 * h]);
  });

  it('gives one segment on a constant image, at any scale', () => {
    const img = new Float32Array(30 * 20).fill(0.37);
    for (const scale of [1, 50, 1200]) expect(felzenszwalb(img, 30, 20, 1, { scale, sigma: 0.8, minSize: 1 }).count).toBe(1);
  });

  it('enforces minSize: no segment is smaller, and small k alone would leave many tiny ones', () => {
    const r = rng(11);
    const [h, w] = [48, 48];
    const img = new Float32Array(h * w).map(() => r() * 2 - 1);
    const free = felzenszwalb(img, h, w, 1, { scale: 5, sigma: 0, minSize: 1 });
    expect(Math.min(...sizes(free.labels, free.count))).toBeLessThan(5);
    expect(free.count).toBeGreaterThan(200);
    for (const minSize of [10, 60, 300]) {
      const seg = felzenszwalb(img, h, w, 1, { scale: 5, sigma: 0, minSize });
      const s = sizes(seg.labels, seg.count);
      expect(Math.min(...s)).toBeGreaterThanOrEqual(minSize);
      expect(s.reduce((a, b) => a + b, 0)).toBe(h * w);
      expect(seg.count).toBeLessThanOrEqual(Math.floor((h * w) / minSize));
    }
  });

  it('makes larger k give fewer, larger segments (τ(C) = k/|C|)', () => {
    const r = rng(5);
    const img = new Float32Array(32 * 32 * 3).map(() => r());
    const counts = [20, 200, 2000].map((scale) => felzenszwalb(img, 32, 32, 3, { scale, sigma: 0.5, minSize: 1 }).count);
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts[1]).toBeGreaterThan(counts[2]);
  });

  it('is deterministic and labels 0..n-1 in raster order of first appearance', () => {
    const r = rng(3);
    const img = new Float32Array(37 * 29 * 2).map(() => Math.round(r() * 4) / 4); // many tied weights
    const a = felzenszwalb(img, 37, 29, 2, { scale: 80, sigma: 0.8, minSize: 8 });
    const b = felzenszwalb(img.slice(), 37, 29, 2, { scale: 80, sigma: 0.8, minSize: 8 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    let next = 0;
    for (const l of a.labels) {
      expect(l).toBeLessThanOrEqual(next);
      if (l === next) next++;
    }
    expect(next).toBe(a.count);
  });
});

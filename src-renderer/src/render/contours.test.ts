import { describe, expect, it } from 'vitest';
import { contourLines, passes, thresholdOf } from './contours';
import { buildOverlay } from './overlay';

/** A Gaussian bump exp(−r²/2σ²) sampled at pixel centres, peak 1 at the centre of pixel (c, c). */
function bump(n: number, sigma: number, c: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) out[y * n + x] = Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma * sigma));
  }
  return out;
}

describe('thresholdOf', () => {
  it('is a fraction of the display range; magnitude for abs and signed', () => {
    expect(thresholdOf('abs', 0, 8, 0.25)).toEqual({ level: 2, magnitude: true });
    expect(thresholdOf('signed', -8, 8, 0.5)).toEqual({ level: 4, magnitude: true });
    expect(thresholdOf('raw', -4, 8, 0.5)).toEqual({ level: 2, magnitude: false });
    expect(thresholdOf('abs', 0, 8, 3).level).toBe(8); // clamped to [0,1]
    const th = thresholdOf('signed', -8, 8, 0.5);
    expect([-5, -3, 3, 4, NaN].map((v) => passes(th, v))).toEqual([true, false, false, true, false]);
  });
});

describe('contourLines', () => {
  it('a radial bump thresholded at 0.5 gives one closed ring of radius σ√(2 ln 2)', () => {
    const n = 64;
    const sigma = 8;
    const map = bump(n, sigma, 32);
    const th = thresholdOf('abs', 0, 1, 0.5);
    const rings = contourLines(map, [n, n], th);
    expect(rings).toHaveLength(1);
    const ring = rings[0];
    expect(ring.length).toBeGreaterThan(40); // ~60 marching-squares points around r ≈ 9.4
    const want = sigma * Math.sqrt(2 * Math.LN2); // 9.419
    // Pixel (32, 32) has its centre at (32.5, 32.5) in map-pixel coordinates.
    for (let k = 0; k < ring.length; k += 2) {
      const r = Math.hypot(ring[k] - 32.5, ring[k + 1] - 32.5);
      // ±1 px is the requirement; marching squares with linear interpolation lands within 0.01 px here.
      expect(Math.abs(r - want)).toBeLessThan(0.05);
    }
    // The enclosed area is close to π r² (shoelace).
    let area = 0;
    for (let k = 0; k < ring.length; k += 2) {
      const j = (k + 2) % ring.length;
      area += ring[k] * ring[j + 1] - ring[j] * ring[k + 1];
    }
    expect(Math.abs(Math.abs(area) / 2 - Math.PI * want * want)).toBeLessThan(0.03 * Math.PI * want * want);
  });

  it('two separate bumps give two rings; a signed map contours |v|', () => {
    const n = 40;
    const a = bump(n, 3, 10);
    const b = bump(n, 3, 29);
    const map = a.map((v, i) => v - b[i]); // +1 peak and −1 peak
    const rings = contourLines(map, [n, n], thresholdOf('signed', -1, 1, 0.5));
    expect(rings).toHaveLength(2);
  });

  it('no ring when nothing reaches the level, none for a degenerate map', () => {
    expect(contourLines(bump(16, 2, 8), [16, 16], { level: 2, magnitude: true })).toEqual([]);
    expect(contourLines(Float32Array.of(1), [1, 1], { level: 0.5, magnitude: true })).toEqual([]);
  });
});

describe('buildOverlay with a threshold', () => {
  it('pixels below the threshold have alpha 0, the rest stay opaque', () => {
    const map = Float32Array.from([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const r = { map, shape: [1, 6] as [number, number] };
    const none = buildOverlay(r, { colormap: 'viridis', mode: 'abs' });
    expect(none.threshold).toBeNull();
    expect(Array.from(none.rgba).filter((_, i) => i % 4 === 3)).toEqual([255, 255, 255, 255, 255, 255]);
    const cut = buildOverlay(r, { colormap: 'viridis', mode: 'abs', threshold: 0.5 });
    expect(cut.threshold).toEqual({ level: 0.5, magnitude: true });
    expect(Array.from(cut.rgba).filter((_, i) => i % 4 === 3)).toEqual([0, 0, 0, 255, 255, 255]);
    // Colours of kept pixels are unchanged.
    expect(Array.from(cut.rgba.subarray(12))).toEqual(Array.from(none.rgba.subarray(12)));
    expect(cut.nonzero).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { buildOverlay, countNonzero, lookOf, pixelAlpha } from './overlay';
import { initialState } from '../state/types';

describe('overlay', () => {
  it('counts pixels with visible colour only', () => {
    const rgba = Uint8ClampedArray.from([0, 0, 0, 255, 10, 0, 0, 255, 10, 10, 10, 0, 0, 0, 1, 1]);
    expect(countNonzero(rgba)).toBe(2);
  });

  it('colours a map at its own resolution and reports the range', () => {
    const abs = buildOverlay(f.result('j'), { colormap: 'gray', mode: 'abs' });
    expect(abs).toMatchObject({ width: 2, height: 2, lo: 0, hi: 1 });
    // gray: |0| is black (not counted), |1|, |-1|, |0.5| are not.
    expect(abs.nonzero).toBe(3);
    const signed = buildOverlay(f.result('j'), { colormap: 'diverging', mode: 'signed' });
    expect(signed).toMatchObject({ lo: -1, hi: 1, nonzero: 4 });
  });

  it('clips outliers at a percentile of |map| so one hot pixel does not wash the rest out', () => {
    const map = Float32Array.from({ length: 201 }, (_, i) => (i === 200 ? 1000 : i / 100));
    const r = { ...f.result('j'), map, shape: [1, 201] as [number, number], min: 0, max: 1000 };
    expect(buildOverlay(r, { colormap: 'gray', mode: 'abs' }).hi).toBe(1000);
    // NumPy-linear 99th percentile of 0, 0.01, …, 1.99, 1000 is 1.98.
    expect(buildOverlay(r, { colormap: 'gray', mode: 'abs', clipPercentile: 99 }).hi).toBeCloseTo(1.98, 6);
  });

  it('reports which end the percentile clip saturated', () => {
    const map = Float32Array.from({ length: 201 }, (_, i) => (i === 200 ? 1000 : i / 100));
    const r = { map, shape: [1, 201] as [number, number] };
    expect(buildOverlay(r, { colormap: 'gray', mode: 'abs', clipPercentile: 99 }).saturated).toEqual({ lo: false, hi: true });
    expect(buildOverlay(r, { colormap: 'gray', mode: 'abs' }).saturated).toEqual({ lo: false, hi: false });
    const signed = buildOverlay(
      { map: Float32Array.from([-5, -0.1, 0, 0.1, 0.2]), shape: [1, 5] },
      { colormap: 'diverging', mode: 'signed', clipPercentile: 50 },
    );
    expect(signed.hi).toBeCloseTo(0.1, 6);
    expect(signed.saturated).toEqual({ lo: true, hi: true });
  });
});

describe('alpha ramp', () => {
  it('pixel alpha: value 0 → 0, value 1 → the opacity, linear between; flat is the opacity everywhere', () => {
    expect(pixelAlpha(0, 0.6, true)).toBe(0);
    expect(pixelAlpha(1, 0.6, true)).toBeCloseTo(0.6, 12);
    expect(pixelAlpha(0.5, 0.6, true)).toBeCloseTo(0.3, 12);
    expect(pixelAlpha(2, 0.6, true)).toBeCloseTo(0.6, 12); // clipped values saturate
    expect(pixelAlpha(Number.NaN, 0.6, true)).toBe(0);
    expect(pixelAlpha(0.5, 0.6, true, 2)).toBeCloseTo(0.15, 12);
    expect(pixelAlpha(0, 0.6, false)).toBe(0.6);
  });

  it('is the default look: zero attribution is transparent, the top of the range opaque, signed by |v|', () => {
    const look = lookOf(initialState.overlay);
    expect(look.alpha).toBe('ramp');
    const r = { map: Float32Array.from([0, 0.25, 0.5, 1]), shape: [1, 4] as [number, number] };
    const alphas = (o: { rgba: Uint8ClampedArray }) => Array.from(o.rgba).filter((_, i) => i % 4 === 3);
    expect(alphas(buildOverlay(r, look))).toEqual([0, 64, 128, 255]);
    expect(alphas(buildOverlay(r, lookOf({ ...initialState.overlay, alpha: 'flat' })))).toEqual([255, 255, 255, 255]);
    const signed = buildOverlay({ map: Float32Array.from([-1, -0.5, 0, 0.5, 1]), shape: [1, 5] }, { ...look, mode: 'signed', colormap: 'diverging' });
    expect(alphas(signed)).toEqual([255, 128, 0, 128, 255]);
    expect(signed.nonzero).toBe(4);
  });
});

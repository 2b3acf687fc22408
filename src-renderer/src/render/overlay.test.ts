import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { buildOverlay, countNonzero } from './overlay';

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
});

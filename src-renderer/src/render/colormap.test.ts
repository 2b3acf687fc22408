import { describe, expect, it } from 'vitest';
import { rampRgba } from './colormap';

describe('rampRgba', () => {
  it('samples the centres of n steps with matplotlib indexing', () => {
    // t = 0.125, 0.375, 0.625, 0.875 → LUT rows 32, 96, 160, 224 of gray.
    const r = rampRgba('gray', 4);
    expect(Array.from(r)).toEqual([32, 32, 32, 255, 96, 96, 96, 255, 160, 160, 160, 255, 224, 224, 224, 255]);
    // "diverging" is RdBu_r: blue at the low end, red at the high end.
    const d = rampRgba('diverging', 2);
    expect(d[2]).toBeGreaterThan(d[0]);
    expect(d[4]).toBeGreaterThan(d[6]);
  });
});

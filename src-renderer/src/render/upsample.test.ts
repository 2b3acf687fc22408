import { describe, expect, it } from 'vitest';
import { filmSize, upsampleBilinear } from './upsample';

describe('upsampleBilinear', () => {
  it('2×2 → 4×4 matches the hand computation (centres at ±0.25, edges clamped)', () => {
    // v(x, y) = x + 2y on the source grid; output columns sample x at −0.25→0, 0.25, 0.75, 1.25→1.
    const out = upsampleBilinear([0, 1, 2, 3], [2, 2], 4, 4);
    expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]);
  });

  it('the same size is the identity, and a 3× upsample keeps each value at its cell centre', () => {
    const map = [5, -1, 2, 7, 0, 3];
    expect(Array.from(upsampleBilinear(map, [2, 3], 3, 2))).toEqual(map);
    const big = upsampleBilinear(map, [2, 3], 9, 6);
    // Cell (1, 0)'s centre is output pixel (4, 1).
    expect(big[1 * 9 + 4]).toBeCloseTo(-1, 6);
    expect(big[4 * 9 + 7]).toBeCloseTo(3, 6);
  });
});

describe('filmSize', () => {
  it('is the region in display-level pixels, capped, never below the map', () => {
    // A 2048² film shown from a 1024² level: the full-image region covers 1024 level px.
    expect(filmSize({ x: 0, y: 0, width: 2048, height: 2048 }, 0.5, [96, 96])).toEqual({ width: 1024, height: 1024 });
    expect(filmSize({ x: 0, y: 0, width: 8000, height: 4000 }, 1, [96, 96])).toEqual({ width: 2048, height: 1024 });
    expect(filmSize({ x: 0, y: 0, width: 28, height: 28 }, 1, [96, 96])).toEqual({ width: 96, height: 96 });
  });
});

import { describe, expect, it } from 'vitest';
import { topKIndices, topKIntersection } from './top-k-intersection';

describe('topKIntersection', () => {
  it('k = round(50% · 4) = 2 → top pixels 3 and 1; only 3 is in the mask → 0.5', () => {
    expect(Array.from(topKIndices([0.1, 0.7, 0.2, 0.9], 2))).toEqual([3, 1]);
    expect(topKIntersection([0.1, 0.7, 0.2, 0.9], [1, 0, 0, 1], 50)).toBe(0.5);
  });
  it('k is at least 1: 2% of 10 pixels → the single top pixel, in the mask → 1', () => {
    const map = [0, 0, 0, 0, 0, 0, 0, 9, 0, 0];
    const mask = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
    expect(topKIntersection(map, mask, 2)).toBe(1);
    expect(topKIntersection(map, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 2)).toBe(0);
  });
  it('empty mask → NaN', () => {
    expect(topKIntersection([1, 2], [0, 0])).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { normalise01, orderByValue } from './maps';

const byComparator = (map: ArrayLike<number>): number[] => Array.from({ length: map.length }, (_, i) => i).sort((a, b) => map[b] - map[a] || a - b);

describe('map helpers', () => {
  it('orderByValue: decreasing values, ties by index, across signs, zeros of both signs, subnormals and extremes', () => {
    let s = 7;
    const rand = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const map = Float32Array.from({ length: 5000 }, () => {
      const r = rand();
      if (r < 0.2) return 0; // ties
      if (r < 0.25) return -0;
      if (r < 0.3) return Math.round(rand() * 4) - 2; // more ties, negative too
      if (r < 0.31) return 1e-40 * (rand() - 0.5); // subnormal
      if (r < 0.32) return rand() < 0.5 ? 3.4e38 : -3.4e38;
      return (rand() - 0.5) * 10;
    });
    expect(Array.from(orderByValue(map))).toEqual(byComparator(map));
    expect(Array.from(orderByValue([1, 3, 3, -1, 0, -0]))).toEqual([1, 2, 0, 4, 5, 3]);
  });

  it('normalise01: min-max, a constant map all ones when positive, zeros otherwise', () => {
    expect(Array.from(normalise01([2, 4, 3]))).toEqual([0, 1, 0.5]);
    expect(Array.from(normalise01([5, 5]))).toEqual([1, 1]);
    expect(Array.from(normalise01([0, 0]))).toEqual([0, 0]);
  });
});

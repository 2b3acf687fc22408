import { describe, expect, it } from 'vitest';
import { pearson, rankData, spearman } from './similarity';

describe('pearson / spearman', () => {
  it('±1 for exact linear relations, 0.8 for a hand-computed swap', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // deviations (−1.5,−.5,.5,1.5)·(−1.5,.5,−.5,1.5) = 4; both squared sums 5 → 4/5
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it('spearman is 1 for any monotone relation where pearson is not (25/√645 = 0.98437)', () => {
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(25 / Math.sqrt(645), 12);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [-1, -4, -9, -16])).toBeCloseTo(-1, 12);
  });

  it('ties get their average rank (scipy rankdata "average")', () => {
    expect(Array.from(rankData([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(rankData([5, 5, 5]))).toEqual([2, 2, 2]);
  });

  it('constant maps: 1 against themselves, 0 against anything else', () => {
    expect(pearson([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(pearson([2, 2, 2], [1, 2, 3])).toBe(0);
    expect(spearman([0, 0, 0], [3, 1, 2])).toBe(0);
  });
});

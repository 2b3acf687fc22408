import { describe, expect, it } from 'vitest';
import { discreteEntropy, efficientMprt } from './efficient-mprt';

describe('Efficient MPRT (Hedström et al.)', () => {
  it('discrete entropy of |map| in 100 bins: ln 2 for two equal halves, ln 4 for four evenly spread values', () => {
    expect(discreteEntropy([0, 0, -1, 1])).toBeCloseTo(Math.log(2), 12); // |−1| = 1
    expect(discreteEntropy([0, 1 / 3, 2 / 3, 1])).toBeCloseTo(Math.log(4), 12); // bins 0, 33, 66, 99
    // Three in one bin, one in another: −(¾ ln ¾ + ¼ ln ¼).
    expect(discreteEntropy([0, 0.001, 0.002, 1])).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12);
    expect(discreteEntropy([5, 5, 5])).toBe(0);
  });

  it('eMPRT = H(random)/H(trained) − 1: 1 from two levels to four, 0 for the same histogram, NaN for a constant trained map', () => {
    expect(efficientMprt([0, 0, 1, 1], [0, 1 / 3, 2 / 3, 1])).toBeCloseTo(1, 12);
    expect(efficientMprt([0, 0, 1, 1], [7, 7, 9, 9])).toBeCloseTo(0, 12);
    expect(efficientMprt([2, 2, 2, 2], [0, 1, 2, 3])).toBeNaN();
  });
});

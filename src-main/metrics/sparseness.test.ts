import { describe, expect, it } from 'vitest';
import { sparseness } from './sparseness';

describe('sparseness (Gini of |map|)', () => {
  it('uniform → 0, one-hot of n → 1 − 1/n, all-zero → 0', () => {
    expect(sparseness([3, 3, 3, 3])).toBeCloseTo(0, 12);
    expect(sparseness([0, 0, 5, 0])).toBeCloseTo(0.75, 12);
    expect(sparseness(new Float32Array(224 * 224).fill(0).map((_, i) => (i === 7 ? 1 : 0)))).toBeCloseTo(1 - 1 / (224 * 224), 12);
    expect(sparseness([0, 0, 0])).toBe(0);
    expect(sparseness([])).toBe(0);
  });

  it('hand computation on [1,2,3,4]: Σ(2k−5)·c = −3·1 −1·2 +1·3 +3·4 = 10 → 10/(4·10) = 0.25', () => {
    expect(sparseness([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
    // the sign is ignored: |−4| counts as 4
    expect(sparseness([-4, 1, -3, 2])).toBeCloseTo(0.25, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { entropyComplexity } from './entropy-complexity';

describe('entropyComplexity (Bhatt et al. 2020)', () => {
  it('one-hot → 0, uniform over 4 → ln 4, all-zero → NaN', () => {
    expect(entropyComplexity([0, 9, 0, 0])).toBeCloseTo(0, 12);
    expect(entropyComplexity([2, -2, 2, 2])).toBeCloseTo(Math.log(4), 12);
    expect(entropyComplexity([0, 0])).toBeNaN();
    expect(entropyComplexity([])).toBeNaN();
  });

  it('hand computation on [1,1,2]: p = (¼,¼,½) → ½ln4 + ½ln2 = 1.5·ln2 = 1.03972', () => {
    expect(entropyComplexity([1, -1, 2])).toBeCloseTo(1.5 * Math.LN2, 12);
    expect(entropyComplexity(new Float32Array([1, 1, 2]))).toBeCloseTo(1.0397207708, 9);
  });
});

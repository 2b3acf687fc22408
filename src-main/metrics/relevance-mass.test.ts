import { describe, expect, it } from 'vitest';
import { relevanceMass } from './relevance-mass';

describe('relevanceMass (CLEVR-XAI)', () => {
  it('positive relevance inside / all positive relevance: (3+1)/(3+1+4) = 0.5, negatives ignored', () => {
    expect(relevanceMass([3, 1, 4, -5], [1, 1, 0, 1])).toBeCloseTo(0.5, 12);
  });
  it('empty mask → NaN; no positive relevance → 0', () => {
    expect(relevanceMass([1, 2], [0, 0])).toBeNaN();
    expect(relevanceMass([-1, -2], [1, 0])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { relevanceRank } from './relevance-rank';

describe('relevanceRank (CLEVR-XAI)', () => {
  it('K = |mask| = 2; top-2 of [5,1,4,0] are pixels 0 and 2, one of them in the mask → 0.5', () => {
    expect(relevanceRank([5, 1, 4, 0], [1, 1, 0, 0])).toBe(0.5);
    expect(relevanceRank([5, 1, 4, 0], [1, 0, 1, 0])).toBe(1);
    expect(relevanceRank([5, 1, 4, 0], [0, 1, 0, 1])).toBe(0);
  });
  it('empty mask → NaN', () => {
    expect(relevanceRank([1, 2], [0, 0])).toBeNaN();
  });
});

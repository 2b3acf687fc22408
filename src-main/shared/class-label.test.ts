import { describe, expect, it } from 'vitest';
import { classLabel } from './class-label';

describe('classLabel', () => {
  it('the label where there is one, else "class k"', () => {
    expect(classLabel(['cat', 'dog'], 1)).toBe('dog');
    expect(classLabel(null, 173)).toBe('class 173');
    expect(classLabel(undefined, 0)).toBe('class 0');
    // A list too short for the index: the index, named as a class.
    expect(classLabel(['cat'], 7)).toBe('class 7');
  });
});

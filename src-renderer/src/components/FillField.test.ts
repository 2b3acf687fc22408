import { describe, expect, it } from 'vitest';
import { FILLS } from '../state/maskLab';
import { fillOptions, isColourFill } from './FillField';

describe('fill choices (method form and masking lab alike)', () => {
  it("offers the masking lab's named fills; a method's own default word comes first", () => {
    expect(fillOptions('mean')).toEqual([...FILLS]);
    expect(fillOptions('segment-mean')).toEqual(['segment-mean', ...FILLS]);
    expect(fillOptions('#102030')).toEqual([...FILLS]);
  });
  it('a colour is #rrggbb', () => {
    expect([isColourFill('#a0B0c0'), isColourFill('blur'), isColourFill('#abc')]).toEqual([true, false, false]);
  });
});

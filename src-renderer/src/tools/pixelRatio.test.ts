import { describe, expect, it } from 'vitest';
import { smoothAt } from './pixelRatio';

describe('smoothAt', () => {
  it('smooths only when a source pixel is smaller than a device pixel', () => {
    expect(smoothAt(0.5, 1)).toBe(true); // reduced: average, no aliasing
    expect(smoothAt(1, 1)).toBe(false); // 1:1
    expect(smoothAt(4, 1)).toBe(false); // magnified: crisp squares
    // At DPR 2 a 0.75 CSS-px pixel still spans 1.5 device px: crisp.
    expect(smoothAt(0.75, 2)).toBe(false);
    expect(smoothAt(0.4, 2)).toBe(true);
  });
});

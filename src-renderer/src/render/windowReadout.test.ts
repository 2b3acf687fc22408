import { describe, expect, it } from 'vitest';
import { windowReadout } from './windowReadout';

describe('windowReadout', () => {
  it('prints width then level, rounded for integer images', () => {
    expect(windowReadout({ center: 40.4, width: 399.6 })).toBe('W 400 L 40');
    expect(windowReadout({ center: -600, width: 1500 })).toBe('W 1500 L -600');
    expect(windowReadout({ center: 0.123456, width: 0.5 }, false)).toBe('W 0.5 L 0.1235');
  });
});

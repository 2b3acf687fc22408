import { describe, expect, it } from 'vitest';
import { pixelLimitText } from './engineText';

describe('pixelLimitText', () => {
  it('states the limit per channel count where the sample budget binds first', () => {
    // The engine's limits (io/limits.ts): 100 MP and 100 M samples.
    expect(pixelLimitText({ pixelLimit: 100_000_000, sampleLimit: 100_000_000 })).toBe('100 MP grey · 33 MP RGB · 25 MP RGBA');
    // A larger budget no longer binds grey images: the pixel limit does.
    expect(pixelLimitText({ pixelLimit: 100_000_000, sampleLimit: 300_000_000 })).toBe('100 MP grey · 100 MP RGB · 75 MP RGBA');
    // An engine that does not say its budget: as many samples as pixels.
    expect(pixelLimitText({ pixelLimit: 40_000_000 })).toBe('40 MP grey · 13 MP RGB · 10 MP RGBA');
  });
});

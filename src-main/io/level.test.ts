import { describe, expect, it } from 'vitest';
import type { DecodedImage } from './decoded';
import { boxDownsample, displayLevel, levelFactor } from './level';

const image = (width: number, height: number, channels: 1 | 3, at: (x: number, y: number, c: number) => number): DecodedImage => {
  const data = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = at(x, y, c);
  return {
    kind: 'raster',
    format: 'png',
    width,
    height,
    channels,
    bitDepth: 16,
    data,
    min: 0,
    max: 65535,
    window: [10, 60000],
    invert: false,
    dicom: null,
    notes: [],
  };
};

describe('display level', () => {
  it('picks the smallest integer factor that fits the longer side', () => {
    expect(levelFactor(10_000, 8_000, 4096)).toBe(3);
    expect(levelFactor(4096, 100, 4096)).toBe(1);
    expect(levelFactor(4097, 100, 4096)).toBe(2);
    expect(levelFactor(11_000, 7_400, 2560)).toBe(5);
  });

  it('averages each block, edge blocks over the samples they have', () => {
    // 5×3, one channel, value = x + 10 y; factor 2 -> 3×2.
    const img = image(5, 3, 1, (x, y) => x + 10 * y);
    const l = boxDownsample(img.data, 5, 3, 1, 2);
    expect([l.width, l.height]).toEqual([3, 2]);
    expect(Array.from(l.data)).toEqual([5.5, 7.5, 9, 20.5, 22.5, 24]);
  });

  it('keeps channels apart and the mean of the image', () => {
    const img = image(64, 48, 3, (x, y, c) => (c + 1) * ((x * 7 + y * 13) % 50));
    const l = boxDownsample(img.data, 64, 48, 3, 4);
    const mean = (d: Float32Array, c: number) => d.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / (d.length / 3);
    for (let c = 0; c < 3; c++) expect(mean(l.data, c)).toBeCloseTo(mean(img.data, c), 3);
  });

  it('returns the full image when it fits, and a level naming the full size when not', () => {
    const img = image(300, 200, 3, (x) => x);
    expect(displayLevel(img).data).toBe(img.data);
    expect(displayLevel(img, 300).full).toBeUndefined();
    const l = displayLevel(img, 100);
    expect([l.width, l.height, l.full]).toEqual([100, 67, { width: 300, height: 200 }]);
    expect(l.window).toEqual([10, 60000]);
    expect(l.data.length).toBe(100 * 67 * 3);
  });
});

import { describe, expect, it } from 'vitest';
import type { ExplainResult, ImagePixels } from '../../../src-main/api/types';
import { attributionAt, formatValue, pixelAt } from './cellRender';

const pixels = (w: number, h: number, channels: 1 | 3 = 1): ImagePixels => ({
  width: w,
  height: h,
  channels,
  data: Float32Array.from({ length: w * h * channels }, (_, i) => i),
  window: [0, w * h * channels],
  invert: false,
});

const result = (w: number, h: number): ExplainResult => ({
  jobId: 'j',
  method: 'saliency',
  target: { index: 0, label: '0', logit: 0, probability: 1 },
  map: Float32Array.from({ length: w * h }, (_, i) => i / 10),
  shape: [h, w],
  min: 0,
  max: (w * h - 1) / 10,
  ms: 1,
});

describe('cell readouts', () => {
  it('reads the image pixel under a normalised pointer, every channel', () => {
    expect(pixelAt(pixels(4, 2), 0.99, 0.99)).toEqual({ x: 3, y: 1, values: [7] });
    expect(pixelAt(pixels(4, 2, 3), 0.3, 0.6)).toEqual({ x: 1, y: 1, values: [15, 16, 17] });
    expect(pixelAt(pixels(4, 2), 1, 0.5)).toBeNull();
  });

  it('maps the pointer through the input region to the map cell', () => {
    // A 100×50 image stretched onto a 10×5 map: image px (55, 12) is map cell (5, 1).
    const px = pixels(100, 50);
    const region = { x: 0, y: 0, width: 100, height: 50 };
    expect(attributionAt(result(10, 5), region, px, 0.55, 12 / 50)).toBeCloseTo((1 * 10 + 5) / 10, 6);
    // Crop: the map covers the centred 50×50 square; image x = 30 is map column 1 of 10.
    const crop = { x: 25, y: 0, width: 50, height: 50 };
    expect(attributionAt(result(10, 10), crop, px, 0.3, 0.01)).toBeCloseTo(0.1, 6);
    expect(attributionAt(result(10, 10), crop, px, 0.1, 0.5)).toBeNull();
  });

  it('formats values in four significant digits', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(-2.5e-5)).toBe('-2.50e-5');
    expect(formatValue(123456)).toBe('1.23e+5');
    expect(formatValue(0)).toBe('0');
  });
});

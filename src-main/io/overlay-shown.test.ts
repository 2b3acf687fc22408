import { describe, expect, it } from 'vitest';
import { displayRgb, renderOverlay } from './overlay';
import { renderShownOverlay } from './overlay-shown';

// A 2×2 grey image (values 0, 100, 200, 255; window 0..255) under a 2×2 map: no resize, so each pixel is hand-checkable.
const image = { width: 2, height: 2, channels: 1 as const, data: new Float32Array([0, 100, 200, 255]), window: [0, 255] as [number, number], invert: false };
const map = new Float32Array([0, 0.5, 1, 0.25]);
const opts = { colormap: 'gray' as const, opacity: 0.8, mode: 'abs' as const };

describe('renderShownOverlay', () => {
  it('flat without a threshold is the plain overlay', () => {
    expect(renderShownOverlay(image, map, [2, 2], { ...opts, alpha: 'flat' }).rgb).toEqual(renderOverlay(image, map, [2, 2], opts).rgb);
  });

  it('ramp: alpha = opacity × |v| / top; zero leaves the image, the top is the flat blend', () => {
    const base = displayRgb(image);
    const colour = renderOverlay(image, map, [2, 2], { ...opts, opacity: 1 }).rgb;
    const r = renderShownOverlay(image, map, [2, 2], { ...opts, alpha: 'ramp' });
    expect(r.lo).toBe(0);
    expect(r.hi).toBe(1);
    for (let p = 0; p < 4; p++) {
      const a = 0.8 * map[p];
      expect(r.rgb[3 * p]).toBe(Math.round(base[3 * p] * (1 - a) + colour[3 * p] * a));
    }
    expect(r.rgb[0]).toBe(base[0]);
    // Pixel 1: grey 100 under gray-LUT ~128 at alpha 0.4 (hand: 100·0.6 + 128·0.4 = 111.2, ±1 for the LUT byte).
    expect(Math.abs(r.rgb[3] - 111)).toBeLessThanOrEqual(1);
    expect(r.rgb[6]).toBe(renderOverlay(image, map, [2, 2], opts).rgb[6]);
  });

  it('threshold 0.5 (abs: level 0.5 of 0..1): pixels below show the image, the rest as flat', () => {
    const base = displayRgb(image);
    const flat = renderOverlay(image, map, [2, 2], opts).rgb;
    const r = renderShownOverlay(image, map, [2, 2], { ...opts, alpha: 'flat', threshold: 0.5 });
    expect([r.rgb[0], r.rgb[3], r.rgb[6], r.rgb[9]]).toEqual([base[0], flat[3], flat[6], base[9]]);
  });
});

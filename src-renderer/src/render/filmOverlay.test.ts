import { describe, expect, it } from 'vitest';
import { filmContours, filmField, filmOverlay, resolutionNote } from './filmOverlay';
import { buildOverlay } from './overlay';

const result = { map: Float32Array.from([0, 1, 2, 3]), shape: [2, 2] as [number, number] };
const look = { colormap: 'gray' as const, mode: 'abs' as const, clipPercentile: 100, threshold: 0.5, alpha: 'flat' as const };

describe('film-resolution overlay', () => {
  it('colours the upsampled field on the native scale and thresholds it the same way', () => {
    const field = filmField(result, 4, 4);
    expect(filmField(result, 4, 4)).toBe(field);
    const film = filmOverlay(result, look, field);
    const native = buildOverlay(result, look);
    expect([film.lo, film.hi]).toEqual([native.lo, native.hi]);
    expect(film.threshold).toEqual(native.threshold);
    // Threshold at 1.5 (half of 0..3): field values ≥ 1.5 are 1.5, 1.5, 2, 2.25, 2.5, 1.75, 2.25, 2.75, 3 → 9 pixels shown.
    let shown = 0;
    for (let i = 3; i < film.rgba.length; i += 4) if (film.rgba[i] > 0) shown++;
    expect(shown).toBe(9);
    // Gray, abs 0..3: the value 3 is white, 0.75 is 64/255 grey.
    expect(film.rgba[4 * 15]).toBe(255);
  });

  it('traces contours on the same field, and the legend says both resolutions', () => {
    const field = filmField(result, 4, 4);
    const film = filmOverlay(result, look, field);
    const lines = filmContours(field, film);
    expect(lines.length).toBe(1);
    // Every contour vertex lies inside the 4×4 field.
    for (const v of lines[0]) expect(v >= 0 && v <= 4).toBe(true);
    expect(resolutionNote([2, 2], field)).toBe('computed at 2×2, shown bilinear at 4×4');
    expect(resolutionNote([96, 96], { width: 96, height: 96 })).toBe('computed at 96×96, shown as computed');
  });
});

import { describe, expect, it } from 'vitest';
import { imagePx } from '../tools/coords';
import { hotArea, inPolygon } from './hotArea';
import type { Spacing } from '../../../src-main/shared/spacing';

// A 4×4 field over an 8×8 image region at (10, 20): each field pixel covers 2 × 2 image px.
// Hot (≥ 0.5) cells marked *:   row 0: . * * .   row 1: . * * .   row 2: * . . .   row 3: . . . .
const values = Float32Array.from([0, 0.9, 0.6, 0.1, 0.2, 0.5, 0.8, 0, 0.7, 0.3, 0.2, 0.4, 0, 0, 0.1, 0.49]);
const field = { values, width: 4, height: 4 };
const at = { x: 10, y: 20, width: 8, height: 8 };
const th = { level: 0.5, magnitude: true };
const sp: Spacing = { row: 0.5, col: 0.25, source: 'PixelSpacing', calibration: 'calibrated', note: '' };

describe('hotArea', () => {
  it('is the hand count × pixel area × spacing², with the centroid of the hot cell centres', () => {
    const r = hotArea(field, at, th, sp);
    // 5 hot cells × 4 image px² = 20 px²; × 0.5 × 0.25 mm² = 2.5 mm².
    expect(r.areaPx).toBe(20);
    expect(r.areaMm2).toBe(2.5);
    expect(r.baseAreaPx).toBe(64);
    expect(r.share).toBe(5 / 16);
    // Centres (image px): x = 10 + 2i + 1, y = 20 + 2j + 1 for (i, j) = (1,0) (2,0) (1,1) (2,1) (0,2).
    expect(r.centroid?.x).toBeCloseTo((13 + 15 + 13 + 15 + 11) / 5, 12);
    expect(r.centroid?.y).toBeCloseTo((21 + 21 + 23 + 23 + 25) / 5, 12);
  });

  it('within a drawn region: only cells whose centre is inside count, and the share is of the region', () => {
    // The left half of the region (x 10..14): columns 0 and 1, 8 cells, of which (1,0) (1,1) (0,2) are hot.
    const left = [imagePx(10, 20), imagePx(14, 20), imagePx(14, 28), imagePx(10, 28)];
    const r = hotArea(field, at, th, sp, left);
    expect(r.areaPx).toBe(12);
    expect(r.areaMm2).toBe(1.5);
    expect(r.baseAreaPx).toBe(32);
    expect(r.share).toBe(3 / 8);
    expect(r.centroid?.x).toBeCloseTo((13 + 13 + 11) / 3, 12);
  });

  it('without spacing the area stays in pixels; nothing hot has no centroid', () => {
    const r = hotArea(field, at, { level: 2, magnitude: true }, null);
    expect(r).toMatchObject({ areaPx: 0, areaMm2: null, share: 0, centroid: null });
    expect(inPolygon(1, 1, [imagePx(0, 0), imagePx(2, 0), imagePx(0, 2)])).toBe(false);
    expect(inPolygon(0.5, 0.5, [imagePx(0, 0), imagePx(2, 0), imagePx(0, 2)])).toBe(true);
  });
});

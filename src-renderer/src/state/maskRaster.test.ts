import { describe, expect, it } from 'vitest';
import { countSet, fillPolygon, fillRect, maskFromRgba, maskToRgba, regionLabels, stampSegment } from './maskRaster';

const S = { width: 20, height: 20 };
const blank = () => new Uint8Array(S.width * S.height);

describe('mask rasterisation at image resolution', () => {
  it('a brush dab of radius 2 at (10,10) sets the 12 pixel centres within 2 px', () => {
    // Centres at ±0.5 and ±1.5: (½,½)→0.5, (½,1½)→2.5 ≤ 4, (1½,1½)→4.5 > 4: 4 + 8 = 12.
    const m = blank();
    stampSegment(m, S, { x: 10, y: 10 }, { x: 10, y: 10 }, 2, 1);
    expect(countSet(m)).toBe(12);
    expect(m[9 * 20 + 9] && m[10 * 20 + 10] && m[8 * 20 + 9]).toBe(1);
    expect(m[8 * 20 + 8]).toBe(0);
  });

  it('a horizontal stroke of radius 1 from (2,5) to (12,5) is a capsule: a 10×2 body plus the caps x = 1 and x = 12 on both rows = 24', () => {
    // Rows 4 and 5 (centres 4.5, 5.5: 0.5 from the axis) for x centres 2.5…11.5 → 10 × 2;
    // the round caps add x = 1 and x = 12 (centre 0.5 beyond the ends, distance √0.5 ≤ 1) on both rows.
    const m = blank();
    stampSegment(m, S, { x: 2, y: 5 }, { x: 12, y: 5 }, 1, 1);
    expect(countSet(m)).toBe(24);
    const rows = [3, 4, 5, 6].map((y) => Array.from(m.subarray(y * 20, y * 20 + 20)).reduce((a, b) => a + b, 0));
    expect(rows).toEqual([0, 12, 12, 0]);
  });

  it('the eraser clears the same pixels the brush set', () => {
    const m = blank();
    stampSegment(m, S, { x: 10, y: 10 }, { x: 10, y: 10 }, 3, 1);
    stampSegment(m, S, { x: 10, y: 10 }, { x: 10, y: 10 }, 3, 0);
    expect(countSet(m)).toBe(0);
  });

  it('a rectangle from (2,3) to (6,5) covers centres x 2.5…5.5, y 3.5…4.5: 4 × 2 = 8 pixels, either drag direction', () => {
    const a = blank();
    fillRect(a, S, { x: 2, y: 3 }, { x: 6, y: 5 }, 1);
    const b = blank();
    fillRect(b, S, { x: 6, y: 5 }, { x: 2, y: 3 }, 1);
    expect(countSet(a)).toBe(8);
    expect(b).toEqual(a);
    // Clipped to the image.
    const c = blank();
    fillRect(c, S, { x: -5, y: -5 }, { x: 2, y: 1 }, 1);
    expect(countSet(c)).toBe(2);
  });

  it('the triangle (0,0) (10,0) (0,10) holds the centres with x + y + 1 < 10: 9 + 8 + … + 1 = 45 pixels', () => {
    const m = blank();
    fillPolygon(
      m,
      S,
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 0, y: 10 },
      ],
      1,
    );
    expect(countSet(m)).toBe(45);
    // The square (2,2)…(7,7) as a polygon equals the rectangle: 25 pixels.
    const sq = blank();
    fillPolygon(
      sq,
      S,
      [
        { x: 2, y: 2 },
        { x: 7, y: 2 },
        { x: 7, y: 7 },
        { x: 2, y: 7 },
      ],
      1,
    );
    expect(countSet(sq)).toBe(25);
    // A bow tie (self-intersecting) fills by the even-odd rule: two triangles, never the crossing twice.
    const bow = blank();
    fillPolygon(
      bow,
      S,
      [
        { x: 0, y: 0 },
        { x: 10, y: 10 },
        { x: 10, y: 0 },
        { x: 0, y: 10 },
      ],
      1,
    );
    expect(countSet(bow)).toBe(50);
  });

  it('separately drawn regions are separate features (8-connected), numbered in raster order', () => {
    const m = blank();
    fillRect(m, S, { x: 0, y: 0 }, { x: 2, y: 2 }, 1); // region 1: 4 px
    m[2 * 20 + 2] = 1; // touches region 1 diagonally: same region
    fillRect(m, S, { x: 10, y: 10 }, { x: 13, y: 11 }, 1); // region 2: 3 px
    const r = regionLabels(m, S);
    expect(r.count).toBe(2);
    expect(r.labels.filter((l) => l === 1).length).toBe(5);
    expect(r.labels.filter((l) => l === 2).length).toBe(3);
    expect(r.labels.filter((l) => l === 0).length).toBe(400 - 8);
  });

  it('PNG pixels round-trip: white = hidden; a mask read from RGBA needs opaque and bright', () => {
    const m = blank();
    fillRect(m, S, { x: 4, y: 4 }, { x: 9, y: 9 }, 1);
    expect(maskFromRgba(maskToRgba(m))).toEqual(m);
    expect(Array.from(maskFromRgba([255, 255, 255, 255, 255, 255, 255, 0, 100, 100, 100, 255, 200, 200, 0, 255]))).toEqual([1, 0, 0, 1]);
  });
});

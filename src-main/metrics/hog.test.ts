// Hand-checked HOG values with skimage.feature.hog's defaults (9 orientations,
// 8×8 cells, 3×3 blocks, L2-Hys), on 24×24 images (3×3 cells, one block).
import { describe, expect, it } from 'vitest';
import { hog, hogCells } from './hog';

const img = (f: (y: number, x: number) => number, h = 24, w = 24): Float32Array => Float32Array.from({ length: h * w }, (_, i) => f(Math.floor(i / w), i % w));

describe('hog', () => {
  it('a vertical step edge: 1/√3 in bin 0 of the three middle-column cells, 0 elsewhere', () => {
    // Columns 11 and 12 see a central difference of 1 (0° → bin 0) on all 24 rows: 16 px of
    // magnitude 1 in each cell (r, 1) → 16/64 = 0.25. L2 → 0.577 each, clip 0.2, L2 again → 1/√3.
    const f = hog(
      img((_, x) => (x >= 12 ? 1 : 0)),
      [24, 24],
    );
    expect(f.length).toBe(81);
    const hot = [9, 36, 63]; // (cellY·3 + cellX)·9 + bin for cells (0,1), (1,1), (2,1), bin 0
    for (let i = 0; i < 81; i++) expect(f[i]).toBeCloseTo(hot.includes(i) ? 1 / Math.sqrt(3) : 0, 6);
  });

  it('a horizontal edge lands in bin 4 (80°–100°) of the middle-row cells', () => {
    const f = hog(
      img((y) => (y >= 12 ? 1 : 0)),
      [24, 24],
    );
    const hot = [(3 + 0) * 9 + 4, (3 + 1) * 9 + 4, (3 + 2) * 9 + 4];
    for (let i = 0; i < 81; i++) expect(f[i]).toBeCloseTo(hot.includes(i) ? 1 / Math.sqrt(3) : 0, 6);
  });

  it('cell histograms of the ramp y + x: 45° inside, 0° on the top row, 90° on the left column', () => {
    // Inside: g_row = g_col = 2 → |g| = 2√2 at 45° (bin 2). Row 0 has g_row = 0 (border) → 2 at 0°;
    // column 0 has g_col = 0 → 2 at 90° (bin 4); pixel (0,0) has no gradient. Cell (0,0): 49, 7, 7 px.
    const { hist, cellsX } = hogCells(
      img((y, x) => y + x),
      [24, 24],
    );
    expect(cellsX).toBe(3);
    expect(hist[2]).toBeCloseTo((49 * 2 * Math.SQRT2) / 64, 12);
    expect(hist[0]).toBeCloseTo(14 / 64, 12);
    expect(hist[4]).toBeCloseTo(14 / 64, 12);
    const centre = (1 * 3 + 1) * 9;
    expect(hist[centre + 2]).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(hist.slice(centre, centre + 9).reduce((a, b) => a + b, 0)).toBeCloseTo(2 * Math.SQRT2, 12);
  });

  it('pixels past the last whole cell are ignored; too few cells for a block is an error', () => {
    const a = hog(
      img((_, x) => (x >= 12 ? 1 : 0), 28, 28),
      [28, 28],
    );
    expect(a.length).toBe(81);
    expect(() => hog(new Float32Array(16 * 16), [16, 16])).toThrow(/fewer than 3×3 cells/);
  });
});

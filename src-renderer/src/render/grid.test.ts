import { describe, expect, it } from 'vitest';
import { gridCaption, gridCells, gridGeometry, gridLines } from './grid';

describe('native grid geometry', () => {
  it('splits a 28×28 image into 7×7 cells of 4 pixels', () => {
    const g = gridGeometry({ x: 0, y: 0, width: 28, height: 28 }, [7, 7]);
    expect(g).toMatchObject({ rows: 7, cols: 7, cellWidth: 4, cellHeight: 4 });
    expect(g.xs).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
    const cells = gridCells(g);
    expect(cells).toHaveLength(49);
    expect(cells[0]).toEqual({ x: 0, y: 0, width: 4, height: 4 });
    // Row-major: index 9 is row 1, column 2.
    expect(cells[9]).toEqual({ x: 8, y: 4, width: 4, height: 4 });
    expect(cells[48]).toEqual({ x: 24, y: 24, width: 4, height: 4 });
  });

  it('follows an offset, non-square input region and a non-square grid', () => {
    // A letterboxed (pad) input region 40×20 at (-5, 10), grid of 2 rows × 4 columns.
    const g = gridGeometry({ x: -5, y: 10, width: 40, height: 20 }, [2, 4]);
    expect(g).toMatchObject({ cellWidth: 10, cellHeight: 10 });
    expect(g.xs).toEqual([-5, 5, 15, 25, 35]);
    expect(g.ys).toEqual([10, 20, 30]);
    const lines = gridLines(g);
    expect(lines).toHaveLength(5 + 3);
    expect(lines[0]).toEqual([-5, 10, -5, 30]);
    expect(lines[5]).toEqual([-5, 10, 35, 10]);
  });

  it('treats a degenerate shape as one cell and captions rows × cols', () => {
    expect(gridCells(gridGeometry({ x: 0, y: 0, width: 8, height: 8 }, [0, 0]))).toEqual([{ x: 0, y: 0, width: 8, height: 8 }]);
    expect(gridCaption([14, 12], 'leaky_re_lu_15')).toBe('grid 14×12 at leaky_re_lu_15');
  });
});

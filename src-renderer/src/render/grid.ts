// Geometry of an activation map's native grid (e.g. 14×14) laid over the
// image region the model input covers. Pure, in image pixels.
import type { Rect } from '../tools/viewport';

export interface GridGeometry {
  rows: number;
  cols: number;
  cellWidth: number;
  cellHeight: number;
  /** Vertical boundary x positions, cols + 1 of them, left to right. */
  xs: number[];
  /** Horizontal boundary y positions, rows + 1 of them, top to bottom. */
  ys: number[];
}

/** Cell boundaries of a [rows, cols] grid stretched over `region`. */
export function gridGeometry(region: Rect, shape: readonly [number, number]): GridGeometry {
  const rows = Math.max(1, Math.floor(shape[0]));
  const cols = Math.max(1, Math.floor(shape[1]));
  const cellWidth = region.width / cols;
  const cellHeight = region.height / rows;
  const xs = Array.from({ length: cols + 1 }, (_, i) => region.x + i * cellWidth);
  const ys = Array.from({ length: rows + 1 }, (_, i) => region.y + i * cellHeight);
  return { rows, cols, cellWidth, cellHeight, xs, ys };
}

/** Every cell as a rectangle, row-major (the order of the grid's data). */
export function gridCells(g: GridGeometry): Rect[] {
  const cells: Rect[] = [];
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) cells.push({ x: g.xs[c], y: g.ys[r], width: g.cellWidth, height: g.cellHeight });
  }
  return cells;
}

/** Line segments [x1, y1, x2, y2] for every boundary, vertical then horizontal. */
export function gridLines(g: GridGeometry): [number, number, number, number][] {
  const top = g.ys[0];
  const bottom = g.ys[g.rows];
  const left = g.xs[0];
  const right = g.xs[g.cols];
  return [...g.xs.map((x): [number, number, number, number] => [x, top, x, bottom]), ...g.ys.map((y): [number, number, number, number] => [left, y, right, y])];
}

/** "grid 14×14 at leaky_re_lu_15": rows × cols, as the engine reports the shape. */
export function gridCaption(shape: readonly [number, number], layer: string): string {
  return `grid ${shape[0]}×${shape[1]} at ${layer}`;
}

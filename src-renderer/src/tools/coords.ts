// Branded coordinates: a point in full-image pixels, on the stage canvas, or
// an index into a map's grid are all {x, y}, and mixing them is the classic
// off-by-scale bug (a 96×96 map over a 2048² film). The brand makes the
// compiler refuse an unconverted point; the constructors are the only casts.
declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/** Full-image pixel coordinates (also when a reduced display level is drawn). */
export type ImagePx = Branded<{ x: number; y: number }, 'ImagePx'>;
/** Stage (canvas CSS) pixels. */
export type CanvasPx = Branded<{ x: number; y: number }, 'CanvasPx'>;
/** Continuous position in a map's grid: cell (i, j) spans [i, i+1] × [j, j+1]. */
export type MapIdx = Branded<{ x: number; y: number }, 'MapIdx'>;

export const imagePx = (x: number, y: number): ImagePx => ({ x, y }) as ImagePx;
export const canvasPx = (x: number, y: number): CanvasPx => ({ x, y }) as CanvasPx;
export const mapIdx = (x: number, y: number): MapIdx => ({ x, y }) as MapIdx;

/** Where a grid of cols × rows cells lies over the image (e.g. the model's input region). */
export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The image point at a continuous grid position. */
export function gridToImage(p: MapIdx, cols: number, rows: number, at: Placement): ImagePx {
  return imagePx(at.x + (p.x * at.width) / cols, at.y + (p.y * at.height) / rows);
}

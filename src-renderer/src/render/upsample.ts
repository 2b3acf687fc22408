// A map at the model's input size (96×96) resampled onto the displayed image
// level, so it reads as a smooth field on a 2048² film instead of blocks. The
// convention is d3-contour's (render/contours.ts): a value sits at its cell's
// centre, so output pixel X samples the source at (X + 0.5)·w/outW − 0.5;
// beyond the outermost centres the edge value is held (clamp). Contours are
// traced on this same field, so fills and lines agree at any zoom.
import type { Rect } from '../tools/viewport';

/** Longest side of an upsampled map: a display level is at most 4096 px, and 2048² floats are 16 MB. */
export const MAX_FILM_SIDE = 2048;

export interface Field {
  values: Float32Array;
  width: number;
  height: number;
}

/** Bilinear resampling of a row-major [h, w] map to outW × outH (pixel-centre aligned, edge-clamped). */
export function upsampleBilinear(map: ArrayLike<number>, shape: readonly [number, number], outW: number, outH: number): Float32Array {
  const [h, w] = shape;
  const out = new Float32Array(outW * outH);
  if (w <= 0 || h <= 0) return out;
  // Per output column: the two source columns and the weight of the right one (reused for every row).
  const x0 = new Int32Array(outW);
  const x1 = new Int32Array(outW);
  const fx = new Float32Array(outW);
  for (let X = 0; X < outW; X++) {
    const sx = Math.min(w - 1, Math.max(0, ((X + 0.5) * w) / outW - 0.5));
    x0[X] = Math.floor(sx);
    x1[X] = Math.min(w - 1, x0[X] + 1);
    fx[X] = sx - x0[X];
  }
  for (let Y = 0; Y < outH; Y++) {
    const sy = Math.min(h - 1, Math.max(0, ((Y + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = y0 * w;
    const r1 = y1 * w;
    const o = Y * outW;
    for (let X = 0; X < outW; X++) {
      const top = map[r0 + x0[X]] * (1 - fx[X]) + map[r0 + x1[X]] * fx[X];
      const bottom = map[r1 + x0[X]] * (1 - fx[X]) + map[r1 + x1[X]] * fx[X];
      out[o + X] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * The size to upsample to: the map's region measured in display-level pixels
 * (level width / full width per image px), never below the map's own size,
 * the longer side at most MAX_FILM_SIDE.
 */
export function filmSize(region: Rect, levelScale: number, shape: readonly [number, number], maxSide = MAX_FILM_SIDE): { width: number; height: number } {
  const [rows, cols] = shape;
  let width = Math.round(region.width * levelScale);
  let height = Math.round(region.height * levelScale);
  const cap = Math.max(width, height) > maxSide ? maxSide / Math.max(width, height) : 1;
  width = Math.round(width * cap);
  height = Math.round(height * cap);
  return width < cols || height < rows ? { width: cols, height: rows } : { width, height };
}

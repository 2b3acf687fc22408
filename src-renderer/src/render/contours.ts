// Threshold of a saliency map and its iso-lines. The threshold t ∈ [0,1] is a
// fraction of the display range the colormap spans (lo/hi from colorize), so
// it moves with clipping and mode. abs and signed threshold the magnitude
// |v| (a strongly negative attribution is as salient as a positive one);
// raw thresholds v itself. Contours come from d3-contour (marching squares,
// linear interpolation) in map-pixel coordinates: pixel (i, j) covers
// [i, i+1] × [j, j+1], so its centre is (i + 0.5, j + 0.5).
import { contours } from 'd3-contour';

export type ThresholdMode = 'abs' | 'signed' | 'raw';

export interface Threshold {
  /** Value the test compares against, in the map's units. */
  level: number;
  /** Compare |v| (abs, signed) or v (raw). */
  magnitude: boolean;
}

/** The map value at fraction t of the display range [lo, hi]. */
export function thresholdOf(mode: ThresholdMode, lo: number, hi: number, t: number): Threshold {
  const f = Math.min(1, Math.max(0, t));
  if (mode === 'raw') return { level: lo + f * (hi - lo), magnitude: false };
  // abs: lo is 0; signed: the range is ±max, so the magnitude scale is 0..max.
  const top = mode === 'signed' ? Math.max(Math.abs(lo), Math.abs(hi)) : hi;
  const bottom = mode === 'signed' ? 0 : lo;
  return { level: bottom + f * (top - bottom), magnitude: true };
}

/** True where a value is shown; NaN never is. */
export function passes(th: Threshold, v: number): boolean {
  return (th.magnitude ? Math.abs(v) : v) >= th.level;
}

/**
 * Iso-lines of the map at the threshold, one flat [x0, y0, x1, y1, …] per
 * ring (closed: the first point is not repeated), in map-pixel coordinates.
 */
export function contourLines(map: ArrayLike<number>, shape: readonly [number, number], th: Threshold): number[][] {
  const [h, w] = shape;
  if (w < 2 || h < 2 || !Number.isFinite(th.level)) return [];
  const values = new Float64Array(w * h);
  for (let i = 0; i < values.length; i++) values[i] = th.magnitude ? Math.abs(map[i]) : map[i];
  const multi = contours().size([w, h]).contour(Array.from(values), th.level);
  const out: number[][] = [];
  for (const polygon of multi.coordinates) {
    for (const ring of polygon) {
      const flat: number[] = [];
      for (let k = 0; k < ring.length - 1; k++) flat.push(ring[k][0], ring[k][1]);
      if (flat.length >= 6) out.push(flat);
    }
  }
  return out;
}

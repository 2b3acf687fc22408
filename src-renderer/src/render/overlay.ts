// Saliency map → coloured RGBA bitmap, entirely in the renderer: changing the
// colormap, mode, threshold or opacity never calls the engine.
import type { ExplainResult } from '../../../src-main/api/types';
import type { OverlayStyle } from '../state/types';
import { colorize } from './colormap';
import { passes, thresholdOf, type Threshold } from './contours';

export interface OverlayBitmap {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** Values mapped to the two ends of the colormap. */
  lo: number;
  hi: number;
  /** Pixels whose alpha-weighted colour is nonzero (exposed for tests). */
  nonzero: number;
  /** The threshold applied (pixels below it have alpha 0), or null. */
  threshold: Threshold | null;
}

/** Pixels with alpha > 0 and some colour: what a viewer would actually see tinted. */
export function countNonzero(rgba: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] > 0 && (rgba[i] > 0 || rgba[i + 1] > 0 || rgba[i + 2] > 0)) n++;
  }
  return n;
}

export type OverlayLook = Pick<OverlayStyle, 'colormap' | 'mode'> & {
  clipPercentile?: number;
  /** Fraction of the display range below which pixels are hidden; null/undefined = none. */
  threshold?: number | null;
};

export function buildOverlay(result: Pick<ExplainResult, 'map' | 'shape'>, style: OverlayLook): OverlayBitmap {
  const [height, width] = result.shape;
  const { rgba, lo, hi } = colorize(result.map, { colormap: style.colormap, mode: style.mode, clipPercentile: style.clipPercentile });
  const out = new Uint8ClampedArray(width * height * 4);
  out.set(rgba.subarray(0, out.length));
  const threshold = style.threshold == null ? null : thresholdOf(style.mode, lo, hi, style.threshold);
  if (threshold) {
    for (let i = 0; i < width * height; i++) if (!passes(threshold, result.map[i])) out[4 * i + 3] = 0;
  }
  return { width, height, rgba: out, lo, hi, nonzero: countNonzero(out), threshold };
}

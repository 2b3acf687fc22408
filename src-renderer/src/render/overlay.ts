// Saliency map → coloured RGBA bitmap, entirely in the renderer: changing the
// colormap, mode, threshold or opacity never calls the engine. By default the
// bitmap's alpha rises with |value| (an alpha ramp, as radiology overlays do),
// so zero attribution leaves the image untouched instead of tinting it.
import type { ExplainResult } from '../../../src-main/api/types';
import type { OverlayStyle } from '../state/types';
import { colorize } from './colormap';
import { saturation, type Saturation } from './colorbarScale';
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
  /** Values beyond lo / hi (clipped at the percentile) drawn in the end colour. */
  saturated: Saturation;
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
  /** 'ramp': alpha rises with |value| (0 transparent); 'flat' or unset: every pixel opaque. */
  alpha?: 'ramp' | 'flat';
};

/** The look of a style: the alpha ramp unless the user chose flat opacity. */
export function lookOf(style: OverlayStyle): OverlayLook {
  return { colormap: style.colormap, mode: style.mode, clipPercentile: style.clipPercentile, threshold: style.threshold, alpha: style.alpha ?? 'ramp' };
}

/** Exponent of the ramp: 1 = alpha proportional to |value| over the display range. */
export const ALPHA_GAMMA = 1;

/**
 * A pixel's final alpha: opacity × clamp(t, 0, 1)^γ on the ramp, where t is
 * |value| / the display range's top (so a signed map is ramped by |v| from
 * both sides); the flat opacity otherwise.
 */
export function pixelAlpha(t: number, opacity: number, ramp: boolean, gamma = ALPHA_GAMMA): number {
  if (!ramp) return opacity;
  const c = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  return opacity * c ** gamma;
}

/** `range` fixes lo/hi (an upsampled map keeps its native map's scale instead of re-taking percentiles). */
export function buildOverlay(result: Pick<ExplainResult, 'map' | 'shape'>, style: OverlayLook, range?: { lo: number; hi: number }): OverlayBitmap {
  const [height, width] = result.shape;
  const fixed = range ? { min: range.lo, max: range.hi } : {};
  const { rgba, lo, hi } = colorize(result.map, { colormap: style.colormap, mode: style.mode, clipPercentile: style.clipPercentile, ...fixed });
  const out = new Uint8ClampedArray(width * height * 4);
  out.set(rgba.subarray(0, out.length));
  const threshold = style.threshold == null ? null : thresholdOf(style.mode, lo, hi, style.threshold);
  // The bitmap carries the ramp at full opacity; the layer multiplies in the opacity.
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  const ramp = style.alpha === 'ramp';
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < width * height; i++) {
    const v = result.map[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (threshold && !passes(threshold, v)) out[4 * i + 3] = 0;
    else if (ramp) out[4 * i + 3] = Math.round(255 * pixelAlpha(top > 0 ? Math.abs(v) / top : 0, 1, true));
  }
  return { width, height, rgba: out, lo, hi, nonzero: countNonzero(out), threshold, saturated: saturation(style.mode, min, max, lo, hi) };
}

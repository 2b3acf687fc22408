// The renderer's one seam to the shared, pure LUT colormaps (also used by the
// CLI's PNG writer and the reports), so the screen and exported files colour
// maps identically, under the same names.
import { colorize as sharedColorize, lutColor, type ColormapName } from '../../../src-main/shared/colormap';

export interface ColorizeOptions {
  colormap: ColormapName;
  mode: 'abs' | 'signed' | 'raw';
  clipPercentile?: number;
  /** Fixed ends of the scale (skip the percentiles). */
  min?: number;
  max?: number;
}

export function colorize(map: ArrayLike<number>, opts: ColorizeOptions): { rgba: Uint8ClampedArray; lo: number; hi: number } {
  return sharedColorize(map, opts);
}

/** n RGBA pixels sampling the colormap at the centres of n equal steps (a colour bar's ramp). */
export function rampRgba(colormap: ColormapName, n: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(Math.max(1, n) * 4);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = lutColor(colormap, (i + 0.5) / n);
    out.set([Math.round(r * 255), Math.round(g * 255), Math.round(b * 255), 255], 4 * i);
  }
  return out;
}

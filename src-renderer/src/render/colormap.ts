// The renderer's one seam to the shared, pure LUT colormaps (also used by the
// CLI's PNG writer), so the screen and exported files colour maps identically.
// The UI offers "diverging"; the shared module names that map RdBu_r.
import { colorize as sharedColorize, type ColormapName as SharedName } from '../../../src-main/shared/colormap';
import type { ColormapName } from '../state/types';

const SHARED: Record<ColormapName, SharedName> = {
  viridis: 'viridis',
  inferno: 'inferno',
  turbo: 'turbo',
  jet: 'jet',
  gray: 'gray',
  diverging: 'RdBu_r',
};

export interface ColorizeOptions {
  colormap: ColormapName;
  mode: 'abs' | 'signed' | 'raw';
  clipPercentile?: number;
}

export function colorize(
  map: ArrayLike<number>,
  opts: ColorizeOptions,
): { rgba: Uint8ClampedArray; lo: number; hi: number } {
  return sharedColorize(map, { ...opts, colormap: SHARED[opts.colormap] });
}

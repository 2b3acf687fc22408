// Saliency overlays: the image as a viewer would show it (window, MONOCHROME1
// inversion, grey -> RGB), the map stretched back to the image size, blended.
import { StudioError } from '../api/errors';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { colorize, normalizeMap, type ColormapName, type MapMode } from '../shared/colormap';
import type { DecodedImage } from './decoded';

export interface OverlayOptions {
  colormap: ColormapName;
  /** 0 shows only the image, 1 only the map. */
  opacity: number;
  mode: MapMode;
  clipPercentile?: number;
}

// Any typed samples: a display level of 8-bit samples comes as Uint8 (api/types.ts ImagePixels).
type DisplayInput = Pick<DecodedImage, 'width' | 'height' | 'channels' | 'window' | 'invert'> &
  Partial<Pick<DecodedImage, 'bitDepth'>> & { data: ArrayLike<number> };

/** 8-bit RGB as a viewer shows the image: window applied, MONOCHROME1 inverted, alpha over white. */
export function displayRgb(image: DisplayInput): Uint8Array {
  const { width, height, channels, data } = image;
  const [lo, hi] = image.window;
  const span = hi > lo ? hi - lo : 1;
  const alphaMax = image.bitDepth === 16 ? 65535 : 255;
  const out = new Uint8Array(width * height * 3);
  const level = (v: number): number => {
    const t = Math.min(1, Math.max(0, (v - lo) / span));
    return (image.invert ? 1 - t : t) * 255;
  };
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    if (channels === 1) {
      const g = Math.round(level(data[s]));
      out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = g;
      continue;
    }
    // Transparent pixels show as white paper (a black silhouette on a clear background stays visible).
    const a = channels === 4 ? Math.min(1, Math.max(0, data[s + 3] / alphaMax)) : 1;
    for (let c = 0; c < 3; c++) out[3 * p + c] = Math.round(level(data[s + c]) * a + 255 * (1 - a));
  }
  return out;
}

/**
 * Bilinear resize with half-pixel centres (align_corners=false, as tf.image.resizeBilinear
 * and sharp use), which inverts the stretch-resize that made the model input.
 */
export function resizeBilinear(src: ArrayLike<number>, inH: number, inW: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW);
  const sy = inH / outH;
  const sx = inW / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(inH - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(inH - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(inW - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(inW - 1, x0 + 1);
      const wx = fx - x0;
      const top = src[y0 * inW + x0] * (1 - wx) + src[y0 * inW + x1] * wx;
      const bottom = src[y1 * inW + x0] * (1 - wx) + src[y1 * inW + x1] * wx;
      out[y * outW + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

export interface OverlayRender {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Map values at the bottom and top of the colour scale. */
  lo: number;
  hi: number;
}

/** The blended overlay as RGB bytes at the image's size. */
export function renderOverlay(image: DisplayInput, map: Float32Array, mapShape: [number, number], opts: OverlayOptions): OverlayRender {
  const [mh, mw] = mapShape;
  if (mh * mw !== map.length) throw new StudioError('internal', `overlay: map has ${map.length} values, shape ${mh}×${mw} needs ${mh * mw}`);
  // Magnitude before resizing, so +/- neighbours do not cancel out in 'abs' mode.
  const source = opts.mode === 'abs' ? Float32Array.from(map, Math.abs) : map;
  // The colour range comes from the map at model resolution: resizing must not change it.
  const { lo, hi } = normalizeMap(source, { mode: opts.mode, clipPercentile: opts.clipPercentile });
  const big = resizeBilinear(source, mh, mw, image.height, image.width);
  const { rgba } = colorize(big, { colormap: opts.colormap, mode: opts.mode, min: lo, max: hi });
  const base = displayRgb(image);
  const a = Math.min(1, Math.max(0, opts.opacity));
  const rgb = new Uint8Array(base.length);
  for (let p = 0, n = image.width * image.height; p < n; p++) {
    for (let c = 0; c < 3; c++) rgb[3 * p + c] = Math.round(base[3 * p + c] * (1 - a) + rgba[4 * p + c] * a);
  }
  return { rgb, width: image.width, height: image.height, lo, hi };
}

export async function writeOverlayPng(
  path: string,
  image: DisplayInput,
  map: Float32Array,
  mapShape: [number, number],
  opts: OverlayOptions,
): Promise<{ width: number; height: number; lo: number; hi: number }> {
  const r = renderOverlay(image, map, mapShape, opts);
  await mkdir(dirname(path), { recursive: true });
  await sharp(r.rgb, { raw: { width: r.width, height: r.height, channels: 3 } })
    .png()
    .toFile(path);
  return { width: r.width, height: r.height, lo: r.lo, hi: r.hi };
}

// What a cell draws and reads out, as pure functions with small caches: the
// windowed image is shared by every cell of a row, the coloured map belongs
// to one cell and is rebuilt only when its result or style changes.
import type { ExplainResult, ImagePixels, ModelInfo } from '../../../src-main/api/types';
import { toCanvas } from '../render/bitmap';
import { buildOverlay, lookOf, type OverlayBitmap } from '../render/overlay';
import { pixelsToRgba } from '../render/windowLevel';
import type { DisplayWindow, OverlayStyle } from '../state/types';
import { inputRegion, type Rect } from '../tools/viewport';

const imageCache = new WeakMap<ImagePixels, { key: string; canvas: HTMLCanvasElement }>();

/** The row's image windowed for display, one canvas per (pixels, window). */
export function imageCanvas(pixels: ImagePixels, win: DisplayWindow): HTMLCanvasElement {
  const key = `${win.center} ${win.width} ${Boolean(win.invert)}`;
  const hit = imageCache.get(pixels);
  if (hit && hit.key === key) return hit.canvas;
  const img = pixelsToRgba(pixels, win);
  const canvas = toCanvas(img.width, img.height, img.rgba);
  imageCache.set(pixels, { key, canvas });
  return canvas;
}

export function overlayFor(result: ExplainResult, style: OverlayStyle): OverlayBitmap {
  return buildOverlay(result, lookOf(style));
}

/** Where the model's input (and so the map) lies over the image, in image px. */
export function mapRegion(pixels: ImagePixels, model: ModelInfo): Rect {
  return inputRegion(pixels.width, pixels.height, model.inputWidth, model.inputHeight, model.preprocess.resize);
}

/** Image pixel under a normalised pointer; null outside. */
export function pixelAt(pixels: ImagePixels, u: number, v: number): { x: number; y: number; values: number[] } | null {
  const x = Math.floor(u * pixels.width);
  const y = Math.floor(v * pixels.height);
  if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) return null;
  const i = (y * pixels.width + x) * pixels.channels;
  return { x, y, values: Array.from(pixels.data.subarray(i, i + Math.min(3, pixels.channels))) };
}

/** The map's value under a normalised image pointer (map cells cover `region`); null outside the map. */
export function attributionAt(result: ExplainResult, region: Rect, pixels: ImagePixels, u: number, v: number): number | null {
  const [h, w] = result.shape;
  const mx = Math.floor(((u * pixels.width - region.x) / region.width) * w);
  const my = Math.floor(((v * pixels.height - region.y) / region.height) * h);
  if (mx < 0 || my < 0 || mx >= w || my >= h) return null;
  return result.map[my * w + mx];
}

/** Short number for readouts: 4 significant digits, exponent outside [1e-3, 1e4). */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

// Pan/zoom as pure geometry. A View maps image pixels to stage (canvas)
// pixels: canvas = image × scale + (x, y). Kept out of React so it is testable.
import type { ResizeMode } from '../../../src-main/api/types';

export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 64;

/** Largest scale that shows the whole image, centred, aspect ratio kept. */
export function fitView(imageW: number, imageH: number, stageW: number, stageH: number, margin = 8): View {
  if (imageW <= 0 || imageH <= 0 || stageW <= 0 || stageH <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.max(MIN_SCALE, Math.min((stageW - 2 * margin) / imageW, (stageH - 2 * margin) / imageH));
  return { scale, x: (stageW - imageW * scale) / 2, y: (stageH - imageH * scale) / 2 };
}

/** Zoom by `factor` keeping the image point under `pointer` (stage px) fixed. */
export function zoomAt(view: View, pointer: { x: number; y: number }, factor: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const ix = (pointer.x - view.x) / view.scale;
  const iy = (pointer.y - view.y) / view.scale;
  return { scale, x: pointer.x - ix * scale, y: pointer.y - iy * scale };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/**
 * Where the model's input grid (and so the saliency map) lies over the image,
 * in image pixels. stretch: the whole image; crop: the centred region with the
 * input's aspect ratio; pad: a centred box larger than the image (letterbox).
 */
export function inputRegion(imageW: number, imageH: number, inputW: number, inputH: number, resize: ResizeMode): Rect {
  if (resize === 'stretch' || inputW <= 0 || inputH <= 0) return { x: 0, y: 0, width: imageW, height: imageH };
  const sx = imageW / inputW;
  const sy = imageH / inputH;
  const s = resize === 'crop' ? Math.min(sx, sy) : Math.max(sx, sy);
  const width = inputW * s;
  const height = inputH * s;
  return { x: (imageW - width) / 2, y: (imageH - height) / 2, width, height };
}

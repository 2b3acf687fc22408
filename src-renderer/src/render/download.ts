// Saving what the user sees: RGBA frames as PNG (one, or a filmstrip grid of
// many), and JSON, through an <a download> — works in Electron and the browser.
import { toCanvas } from './bitmap';
import { saveText, saveUrl } from './saveFile';

export interface RgbaImage {
  rgba: Uint8Array;
  width: number;
  height: number;
}

export function rgbaCanvas(img: RgbaImage, scale = 1): HTMLCanvasElement {
  const src = toCanvas(img.width, img.height, new Uint8ClampedArray(img.rgba));
  if (scale === 1) return src;
  const out = document.createElement('canvas');
  out.width = img.width * scale;
  out.height = img.height * scale;
  const ctx = out.getContext('2d');
  if (ctx) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(src, 0, 0, out.width, out.height);
  }
  return out;
}

/** Frames side by side in rows of `cols`: one PNG any viewer opens, read left to right, top to bottom. */
export function filmstrip(frames: RgbaImage[], cols = 10): HTMLCanvasElement {
  const out = document.createElement('canvas');
  if (frames.length === 0) return out;
  const { width: w, height: h } = frames[0];
  out.width = w * Math.min(cols, frames.length);
  out.height = h * Math.ceil(frames.length / cols);
  const ctx = out.getContext('2d');
  frames.forEach((f, i) => ctx?.drawImage(rgbaCanvas(f), (i % cols) * w, Math.floor(i / cols) * h));
  return out;
}

export function savePng(canvas: HTMLCanvasElement, name: string): void {
  saveUrl(canvas.toDataURL('image/png'), name);
}

export function saveJson(text: string, name: string): void {
  saveText(text, name, 'application/json');
}

export function saveBytes(bytes: Uint8Array, name: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type }));
  saveUrl(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

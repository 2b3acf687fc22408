// RGBA buffer → canvas, the image source Konva draws.
export function toCanvas(width: number, height: number, rgba: Uint8ClampedArray<ArrayBuffer>): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, width);
  canvas.height = Math.max(1, height);
  const ctx = canvas.getContext('2d');
  if (ctx && width > 0 && height > 0) ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}

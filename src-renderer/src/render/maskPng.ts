// Masks as PNG files at the image's resolution (white = hidden, on black),
// the log's thumbnails, and reading a mask PNG back. Browser canvas only: the
// same code runs in Electron and in the web host's page.
import { StudioError } from '../../../src-main/api/errors';
import type { ImagePixels } from '../../../src-main/api/types';
import { maskFromRgba, maskToRgba } from '../state/maskRaster';
import type { DisplayWindow } from '../state/types';
import { toCanvas } from './bitmap';
import { pixelsToRgba } from './windowLevel';

export function maskPngDataUrl(mask: Uint8Array, width: number, height: number): string {
  return toCanvas(width, height, maskToRgba(mask)).toDataURL('image/png');
}

/** The masked image as the user sees it (hidden pixels tinted), at most `side` px on its longer side. */
export function thumbnailDataUrl(px: ImagePixels, win: DisplayWindow, mask: Uint8Array, side = 64): string {
  // Windowed at ≤ 4 × side (subsampled by `step`), so a 4k radiograph is not converted whole for a 64 px picture.
  const img = pixelsToRgba(px, win, px.invert, 4 * side);
  const rgba = img.rgba.slice();
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!mask[y * img.step * px.width + x * img.step]) continue;
      // 60% magenta over the pixel: the same look as the mask layer.
      const i = (y * img.width + x) * 4;
      rgba[i] = 0.4 * rgba[i] + 0.6 * 255;
      rgba[i + 1] = 0.4 * rgba[i + 1];
      rgba[i + 2] = 0.4 * rgba[i + 2] + 0.6 * 170;
    }
  }
  const src = toCanvas(img.width, img.height, rgba);
  const s = Math.min(1, side / Math.max(img.width, img.height));
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(img.width * s));
  out.height = Math.max(1, Math.round(img.height * s));
  const ctx = out.getContext('2d');
  if (ctx) {
    ctx.imageSmoothingEnabled = s < 1;
    ctx.drawImage(src, 0, 0, out.width, out.height);
  }
  return out.toDataURL('image/png');
}

/** Decodes a mask PNG (or any image) into a mask; its size must match the image's. */
export async function readMaskImage(blob: Blob, width: number, height: number): Promise<Uint8Array> {
  const bmp = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    if (bmp.width !== width || bmp.height !== height) throw new StudioError('bad-mask', `the mask is ${bmp.width}×${bmp.height}, the image ${width}×${height}`);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new StudioError('internal', 'no 2D canvas');
    ctx.drawImage(bmp, 0, 0);
    return maskFromRgba(ctx.getImageData(0, 0, width, height).data);
  } finally {
    bmp.close();
  }
}

export function dataUrlToBlob(url: string): Blob {
  const [head, b64] = url.split(',', 2);
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: /^data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream' });
}

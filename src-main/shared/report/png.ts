// PNG for report figures, in code that runs both in the CLI and in the
// renderer (no sharp, no canvas): fast-png (image-js), a maintained
// pure-JS encoder with real deflate.
import { StudioError } from '../../api/errors';
import { encode } from 'fast-png';

/** PNG bytes of row-major 8-bit pixels with 1 (grey), 3 (RGB) or 4 (RGBA) channels. */
export function encodePng(pixels: ArrayLike<number>, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  if (pixels.length !== width * height * channels) throw new StudioError('internal', `encodePng: ${pixels.length} values for ${width}×${height}×${channels}`);
  return encode({ width, height, channels, depth: 8, data: Uint8Array.from(pixels) });
}

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export const pngDataUri = (pixels: ArrayLike<number>, width: number, height: number, channels: 1 | 3 | 4): string =>
  `data:image/png;base64,${base64(encodePng(pixels, width, height, channels))}`;

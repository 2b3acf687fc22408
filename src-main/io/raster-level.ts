// Display levels of raster images decoded again from the file at the level's
// size: libvips shrinks a JPEG while it decodes (DCT scaling) and box-shrinks
// the rest in its own threads, so a 30 MP photograph's screen-sized level takes
// ~150 ms instead of ~450 ms of a box filter over its 90 M Float32 samples on
// the engine's thread. The level has the box level's size (io/level.ts), so
// `full` and every coordinate keep their meaning; its values are a smoothed
// reduction, for display only (models and tiles read the full image).
import sharp from 'sharp';
import type { ImagePixels } from '../api/types';
import type { DecodedImage } from './decoded';
import { levelFactor } from './level';

/** The level at most maxSide on the longer side, or null when the image fits (or has no raster source). */
export async function rasterLevel(img: DecodedImage, maxSide: number): Promise<ImagePixels | null> {
  const { source } = img;
  const f = levelFactor(img.width, img.height, maxSide);
  if (f === 1 || !source) return null;
  const width = Math.ceil(img.width / f);
  const height = Math.ceil(img.height / f);
  const { data, info } = await sharp(source.bytes, { limitInputPixels: img.width * img.height, failOn: 'warning' })
    .autoOrient()
    .resize(width, height, { fit: 'fill' })
    .toColourspace(source.space)
    .raw(source.sixteen ? { depth: 'ushort' } : {})
    .toBuffer({ resolveWithObject: true });
  // A decoder that disagrees with the first decode: the caller falls back to the box level.
  if (info.width !== width || info.height !== height || info.channels !== img.channels) return null;
  const n = width * height * img.channels;
  // Levels keep their sample type: a quarter (8-bit) or half (16-bit) of Float32's bytes to copy to
  // the page, where receiving the 30 MP photograph's 22 MB Float32 level was a 0.5–1 s task.
  const out = source.sixteen ? new Uint16Array(data.buffer, data.byteOffset, n).slice() : new Uint8Array(data.subarray(0, n));
  return {
    width,
    height,
    channels: img.channels,
    data: out,
    window: [img.window[0], img.window[1]],
    invert: img.invert,
    full: { width: img.width, height: img.height },
  };
}

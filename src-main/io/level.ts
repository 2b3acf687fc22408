// A reduced copy of an image for display: what the page draws when the image
// has more pixels than the screen can show. Area-averaged over f×f blocks
// (f an integer, the smallest that brings the longer side to maxSide or
// under), so no sample is skipped and the level is the box-filtered image. The
// engine keeps the full image; every coordinate the page uses stays in full
// image pixels (ImagePixels.full says what the level stands for).
import type { ImagePixels } from '../api/types';
import type { DecodedImage } from './decoded';

/** The box factor that brings the longer side to at most maxSide (1: the image as is). */
export function levelFactor(width: number, height: number, maxSide: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / Math.max(1, maxSide)));
}

/** Averages f×f blocks of HWC samples; edge blocks average the samples they have. */
export function boxDownsample(
  data: Float32Array,
  width: number,
  height: number,
  channels: number,
  f: number,
): { data: Float32Array; width: number; height: number } {
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const out = new Float32Array(w * h * channels);
  // One output row at a time: sum f input rows into a row of sums, then divide by the block's count.
  const sums = new Float64Array(w * channels);
  for (let oy = 0; oy < h; oy++) {
    sums.fill(0);
    const y0 = oy * f;
    const y1 = Math.min(height, y0 + f);
    for (let y = y0; y < y1; y++) {
      let i = y * width * channels;
      for (let x = 0; x < width; x++) {
        const o = Math.floor(x / f) * channels;
        for (let c = 0; c < channels; c++) sums[o + c] += data[i++];
      }
    }
    const rows = y1 - y0;
    for (let ox = 0; ox < w; ox++) {
      const n = rows * (Math.min(width, (ox + 1) * f) - ox * f);
      const o = ox * channels;
      const base = (oy * w + ox) * channels;
      for (let c = 0; c < channels; c++) out[base + c] = sums[o + c] / n;
    }
  }
  return { data: out, width: w, height: h };
}

/** The image's pixels for display, at most maxSide on the longer side; the full image when it fits or maxSide is absent. */
export function displayLevel(img: DecodedImage, maxSide?: number): ImagePixels {
  const base = { channels: img.channels, window: [img.window[0], img.window[1]] as [number, number], invert: img.invert };
  const f = maxSide === undefined ? 1 : levelFactor(img.width, img.height, maxSide);
  if (f === 1) return { ...base, width: img.width, height: img.height, data: img.data };
  const level = boxDownsample(img.data, img.width, img.height, img.channels, f);
  return { ...base, ...level, full: { width: img.width, height: img.height } };
}

// A region of an open image at full resolution, for the view when it is zoomed
// past the display level (imageTile). The request is checked against the
// image: a region that starts outside, runs past an edge or is empty is
// refused with the reason, and the reply is bounded: a region larger than
// maxSide on its longer side comes box-reduced to fit (io/level.ts), so no
// request can make the engine copy out more than maxSide² pixels.
import { StudioError } from '../api/errors';
import type { ImageTile } from '../api/types';
import type { DecodedImage } from './decoded';
import { boxDownsample, levelFactor } from './level';

export interface TileRequest {
  x: number;
  y: number;
  w: number;
  h: number;
  maxSide: number;
}

/** Why the region cannot be cut from a width×height image, or null when it can. */
export function tileProblem(width: number, height: number, r: TileRequest): string | null {
  const ints = [r.x, r.y, r.w, r.h, r.maxSide].every(Number.isSafeInteger);
  if (!ints) return 'x, y, w, h and maxSide must be integers';
  if (r.x < 0 || r.y < 0) return `the region starts at (${r.x}, ${r.y}), outside the image`;
  if (r.w < 1 || r.h < 1) return `the region is ${r.w}×${r.h}: empty`;
  if (r.x + r.w > width || r.y + r.h > height) return `the region ${r.w}×${r.h} at (${r.x}, ${r.y}) runs past the ${width}×${height} image`;
  return null;
}

/** The region's samples, reduced by the smallest integer factor that fits maxSide (1 when it fits). */
export function cutTile(img: DecodedImage, r: TileRequest): ImageTile {
  const problem = tileProblem(img.width, img.height, r);
  if (problem) throw new StudioError('bad-request', `imageTile: ${problem}`);
  const c = img.channels;
  const f = levelFactor(r.w, r.h, r.maxSide);
  // f rows of the region at a time, reduced to one output row: the work and memory stay bounded by the reply, whatever the region.
  const rowsOf = (y0: number, rows: number): Float32Array => {
    const out = new Float32Array(r.w * rows * c);
    for (let y = 0; y < rows; y++) {
      const from = ((r.y + y0 + y) * img.width + r.x) * c;
      out.set(img.data.subarray(from, from + r.w * c), y * r.w * c);
    }
    return out;
  };
  let level: { data: Float32Array; width: number; height: number };
  if (f === 1) level = { data: rowsOf(0, r.h), width: r.w, height: r.h };
  else {
    const width = Math.ceil(r.w / f);
    const height = Math.ceil(r.h / f);
    const data = new Float32Array(width * height * c);
    for (let oy = 0; oy < height; oy++) {
      const rows = Math.min(f, r.h - oy * f);
      data.set(boxDownsample(rowsOf(oy * f, rows), r.w, rows, c, f).data, oy * width * c);
    }
    level = { data, width, height };
  }
  return {
    ...level,
    channels: c,
    window: [img.window[0], img.window[1]],
    invert: img.invert,
    region: { x: r.x, y: r.y, width: r.w, height: r.h },
  };
}

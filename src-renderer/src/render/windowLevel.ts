// Display windowing: image values (modality units for DICOM, stored samples
// otherwise) → 8-bit RGBA for the screen. Display only: never sent to a model.
import type { ImagePixels } from '../../../src-main/api/types';
import type { DisplayWindow } from '../state/types';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4, row-major. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** Source pixels per screen pixel along each axis (1 unless downsampled). */
  step: number;
}

/** Longest side of the display bitmap; larger images are subsampled for the screen only. */
export const MAX_DISPLAY_SIDE = 4096;

export function windowBounds(w: DisplayWindow): [number, number] {
  return [w.center - w.width / 2, w.center + w.width / 2];
}

export function windowFromBounds(lo: number, hi: number): DisplayWindow {
  return { center: (lo + hi) / 2, width: hi - lo };
}

/**
 * The window an image opens on. A DICOM VOI window keeps the file's own centre
 * and width (WW 256 reads 256, as in the header and the VOI preset); the
 * engine's bounds follow PS3.3's linear VOI, whose span is WW − 1, so taking
 * hi − lo would show 255. Other images: their bounds.
 */
export function defaultWindow(dicom: { windowCenter: number | null; windowWidth: number | null } | null | undefined, bounds: [number, number]): DisplayWindow {
  if (dicom && dicom.windowCenter !== null && dicom.windowWidth !== null && dicom.windowWidth > 0)
    return { center: dicom.windowCenter, width: dicom.windowWidth };
  const w = windowFromBounds(bounds[0], bounds[1]);
  return { center: w.center, width: Math.max(w.width, Number.EPSILON) };
}

/**
 * Linear window: values ≤ low are black, ≥ high white, straight line between;
 * `invert` (MONOCHROME1, flipped again by the window's own `invert`) flips the result. Colour images window every channel
 * alike; an alpha channel is ignored (the display is opaque).
 */
export function pixelsToRgba(
  px: ImagePixels,
  win: DisplayWindow,
  invert: boolean = px.invert !== Boolean(win.invert),
  maxSide: number = MAX_DISPLAY_SIDE,
): RgbaImage {
  const { width, height, channels, data } = px;
  const step = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const outW = Math.ceil(width / step);
  const outH = Math.ceil(height / step);
  const rgba = new Uint8ClampedArray(outW * outH * 4);
  const [lo, hi] = windowBounds(win);
  const span = hi - lo;
  const ramp = span > 0 && Number.isFinite(1 / span);
  const level = (v: number): number => {
    // Divide, then scale: keeps exact midpoints exact (127.5 rounds to 128).
    const g = ramp ? ((v - lo) / span) * 255 : v >= lo ? 255 : 0;
    const c = g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
    return invert ? 255 - c : c;
  };
  // Stored samples (and levels decoded from them) are whole numbers, 0…255 or 0…65535: a table
  // lookup, ~6x faster than the ramp per sample; any other value takes the ramp.
  const lut = new Uint8Array(data instanceof Uint16Array ? 65536 : 256);
  for (let v = 0; v < lut.length; v++) lut[v] = level(v);
  const top = lut.length - 1;
  const at = (v: number): number => ((v & top) === v ? lut[v] : level(v));
  const colour = channels >= 3;
  // One 32-bit store a pixel (RGBA in memory order on a little-endian machine, which every target is).
  const out = new Uint32Array(rgba.buffer);
  const ALPHA = 0xff000000;
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const row = y * step * width;
    for (let x = 0; x < outW; x++) {
      const i = (row + x * step) * channels;
      const r = at(data[i]);
      const g = colour ? at(data[i + 1]) : r;
      const b = colour ? at(data[i + 2]) : r;
      out[o++] = (ALPHA | (b << 16) | (g << 8) | r) >>> 0;
    }
  }
  return { width: outW, height: outH, rgba, step };
}

/** Slider bounds for the window centre and width, from the image's value range. */
export function windowLimits(min: number, max: number): { center: [number, number]; width: [number, number] } {
  const range = Math.max(max - min, 1);
  return { center: [min - range / 2, max + range / 2], width: [range / 1000, range * 2] };
}

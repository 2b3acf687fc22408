// Stored DICOM samples -> Float32 values: BitsStored/HighBit masking, sign
// extension for PixelRepresentation 1, planar -> interleaved, YBR_FULL -> RGB,
// and the modality rescale (slope/intercept) for monochrome images.
import { StudioError } from '../api/errors';

export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  signed: boolean;
  /** 1 = colour-by-plane (RRR…GGG…BBB…), 0 = interleaved. */
  planar: boolean;
  slope: number;
  intercept: number;
  ybrFull: boolean;
}

export const frameBytes = (l: PixelLayout): number => l.rows * l.columns * l.samplesPerPixel * (l.bitsAllocated / 8);

/** Read one uncompressed little-endian frame starting at `bytes[0]`. */
export function storedToValues(bytes: Uint8Array, l: PixelLayout): Float32Array {
  const pixels = l.rows * l.columns;
  const spp = l.samplesPerPixel;
  const n = pixels * spp;
  const out = new Float32Array(n);
  const read = sampleReader(bytes, l);
  const mono = spp === 1;
  for (let s = 0; s < n; s++) {
    // Storage index s -> destination index in HWC order.
    const dest = l.planar ? (s % pixels) * spp + Math.floor(s / pixels) : s;
    const v = read(s);
    out[dest] = mono ? v * l.slope + l.intercept : v;
  }
  if (l.ybrFull && spp === 3) ybrFullToRgb(out, 2 ** l.bitsStored - 1);
  return out;
}

/** A function returning the masked, sign-extended stored value of sample i. */
function sampleReader(b: Uint8Array, l: PixelLayout): (i: number) => number {
  const stored = l.bitsStored;
  const shift = Math.max(0, l.highBit + 1 - stored);
  const signBit = 2 ** (stored - 1);
  const range = 2 ** stored;
  // Bits above HighBit may hold overlays or garbage: mask them off.
  const fix = (raw: number): number => {
    const v = stored >= 32 ? raw : Math.floor(raw / 2 ** shift) % range;
    return l.signed && v >= signBit ? v - range : v;
  };
  switch (l.bitsAllocated) {
    case 8:
      return (i) => fix(b[i]);
    case 16:
      return (i) => fix(b[2 * i] | (b[2 * i + 1] << 8));
    case 32:
      return (i) => {
        const raw = (b[4 * i] | (b[4 * i + 1] << 8) | (b[4 * i + 2] << 16)) + b[4 * i + 3] * 0x1000000;
        return stored >= 32 && l.signed ? raw | 0 : fix(raw);
      };
    default:
      throw new StudioError('unsupported', `BitsAllocated ${l.bitsAllocated} is not supported`);
  }
}

/** ITU-R BT.601 full-range YCbCr -> RGB in place (PS3.3 C.7.6.3.1.2). */
function ybrFullToRgb(d: Float32Array, maxValue: number): void {
  const half = (maxValue + 1) / 2;
  const clamp = (v: number) => Math.min(maxValue, Math.max(0, Math.round(v)));
  for (let i = 0; i < d.length; i += 3) {
    const y = d[i];
    const cb = d[i + 1] - half;
    const cr = d[i + 2] - half;
    d[i] = clamp(y + 1.402 * cr);
    d[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    d[i + 2] = clamp(y + 1.772 * cb);
  }
}

// JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57) and its Selection Value 1
// variant (.70), via the npm package jpeg-lossless-decoder-js.
import { Decoder } from 'jpeg-lossless-decoder-js';

export interface JpegLosslessResult {
  /** Little-endian bytes, samples interleaved, BitsAllocated/8 bytes per sample. */
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  precision: number;
}

export function decodeJpegLosslessFrame(frame: Uint8Array, bitsAllocated: number): JpegLosslessResult {
  const numBytes = bitsAllocated <= 8 ? 1 : 2;
  const decoder = new Decoder();
  // The decoder reads an ArrayBuffer window; copy so the window starts at 0 whatever the fragment alignment.
  const own = frame.slice();
  const out = decoder.decode(own.buffer, 0, own.length, numBytes);
  const { dimX, dimY, precision } = decoder.frame;
  const components = decoder.numComp || decoder.frame.numComp;
  let bytes: Uint8Array;
  if (out instanceof Uint8Array) {
    bytes = out;
  } else {
    // Uint16Array in host order; write explicitly as little-endian.
    bytes = new Uint8Array(out.length * 2);
    for (let i = 0; i < out.length; i++) {
      bytes[2 * i] = out[i] & 0xff;
      bytes[2 * i + 1] = out[i] >> 8;
    }
  }
  return { bytes, width: dimX, height: dimY, components, precision };
}

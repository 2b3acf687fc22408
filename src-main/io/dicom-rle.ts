// DICOM RLE Lossless (1.2.840.10008.1.2.5), PS3.5 Annex G, written by hand:
// there is no maintained stand-alone npm decoder for it (viewers such as
// cornerstone embed their own inside their loaders), and the format is small.
//
// A frame is a 64-byte header (segment count + 15 offsets, uint32 LE) followed
// by PackBits segments. Each segment holds one byte-plane of one sample:
// for 16-bit data the most significant byte comes first (G.2).

export class RleError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

/**
 * Decode one RLE frame into the uncompressed little-endian layout with samples
 * interleaved (i.e. PlanarConfiguration 0), ready for storedToValues.
 */
export function decodeRleFrame(frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array {
  if (frame.length < 64) throw new RleError(`RLE frame is ${frame.length} bytes, shorter than its 64-byte header`, true);
  const view = new DataView(frame.buffer, frame.byteOffset, 64);
  const segments = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new RleError(`RLE header declares ${segments} segments, ${expected} expected for this image`, false);
  }
  const offsets: number[] = [];
  for (let i = 0; i < segments; i++) offsets.push(view.getUint32(4 + 4 * i, true));
  const pixels = rows * columns;
  // Every segment must be able to fill its byte plane before the output exists:
  // PackBits yields at most 128 bytes per 2 input bytes, so a 66-byte frame
  // cannot be 10000×10000 whatever the header says.
  const ends = offsets.map((start, s) => (s + 1 < segments ? offsets[s + 1] : frame.length));
  for (let s = 0; s < segments; s++) {
    const start = offsets[s];
    const end = ends[s];
    if (start < 64 || end < start) throw new RleError(`RLE segment ${s + 1} offset ${start} is outside the frame`, false);
    if (end > frame.length) throw new RleError(`RLE segment ${s + 1} offset ${start} is outside the frame`, true);
    const most = Math.floor((end - start) / 2) * 128;
    if (most < pixels) {
      throw new RleError(`RLE segment ${s + 1} is ${end - start} bytes, which decode to at most ${most} of the ${pixels} bytes the header needs`, true);
    }
  }
  const out = new Uint8Array(pixels * expected);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s];
    const end = ends[s];
    const sample = Math.floor(s / bytesPerSample);
    // Segment order is MSB first; our output is little-endian.
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const first = sample * bytesPerSample + byteInSample;
    unpackBits(frame.subarray(start, end), out, first, expected, pixels, s + 1);
  }
  return out;
}

/** PackBits: n in 0..127 copies n+1 literal bytes; -127..-1 repeats the next byte 1-n times; -128 is a no-op. */
function unpackBits(src: Uint8Array, out: Uint8Array, first: number, stride: number, count: number, seg: number): void {
  let i = 0;
  let o = 0;
  while (o < count) {
    if (i >= src.length) {
      throw new RleError(`RLE segment ${seg} ends after ${o} of ${count} bytes`, true);
    }
    const n = src[i++];
    if (n < 128) {
      const len = n + 1;
      if (i + len > src.length) throw new RleError(`RLE segment ${seg} literal run runs past its end`, true);
      for (let k = 0; k < len && o < count; k++) out[first + stride * o++] = src[i + k];
      i += len;
    } else if (n > 128) {
      if (i >= src.length) throw new RleError(`RLE segment ${seg} replicate run runs past its end`, true);
      const v = src[i++];
      const len = 257 - n;
      for (let k = 0; k < len && o < count; k++) out[first + stride * o++] = v;
    }
  }
}

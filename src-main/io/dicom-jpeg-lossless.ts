// JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57) and its Selection Value 1
// variant (.70), via the npm package jpeg-lossless-decoder-js.
//
// The decoder sizes its output from the stream's own frame header (SOF, up to
// 65535×65535) and scan header: a 512×512 DICOM whose SOF3 claims 30000×30000
// would allocate 1.8 GB before any check after decode could refuse it. So the
// headers the decoder has just parsed are checked against the DICOM header at
// the last step before it allocates: its scan-header read, which runs after
// the frame header and is followed directly by the allocation.
import { Decoder } from 'jpeg-lossless-decoder-js';

export interface JpegLosslessResult {
  /** Little-endian bytes, samples interleaved, BitsAllocated/8 bytes per sample. */
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  precision: number;
}

/** What the DICOM header promises for the frame. */
export interface JpegExpect {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

/** The stream's headers disagree with the DICOM header; the message holds only header numbers. */
export class JpegHeaderError extends Error {}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export function decodeJpegLosslessFrame(frame: Uint8Array, want: JpegExpect): JpegLosslessResult {
  const numBytes = want.bitsAllocated <= 8 ? 1 : 2;
  const decoder = new Decoder();
  const scan = decoder.scan;
  // Fail closed should a new version of the package move its header reader.
  if (typeof scan?.read !== 'function' || !decoder.frame) throw new JpegHeaderError('JPEG Lossless decoder has an unexpected shape');
  const readScan = scan.read.bind(scan);
  scan.read = (stream) => {
    const r = readScan(stream);
    const f = decoder.frame;
    if (f.dimX !== want.columns || f.dimY !== want.rows || f.numComp !== want.samplesPerPixel || f.precision > want.bitsAllocated || f.precision > 16) {
      throw new JpegHeaderError(
        `JPEG frame header says ${f.dimX}×${f.dimY}×${f.numComp} at ${f.precision} bits, ` +
          `the DICOM header ${want.columns}×${want.rows}×${want.samplesPerPixel} at ${want.bitsAllocated} bits; refused before decoding`,
      );
    }
    if (scan.numComp !== f.numComp) throw new JpegHeaderError(`JPEG scan has ${scan.numComp} components, its frame ${f.numComp}; refused before decoding`);
    return r;
  };
  // The decoder reads an ArrayBuffer window; copy so the window starts at 0 whatever the fragment alignment.
  const own = frame.slice();
  const out = decoder.decode(own.buffer, 0, own.length, numBytes);
  const { dimX, dimY, precision } = decoder.frame;
  const components = decoder.numComp || decoder.frame.numComp;
  let bytes: Uint8Array;
  if (out instanceof Uint8Array) {
    bytes = out;
  } else if (LITTLE_ENDIAN) {
    bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength); // already little-endian: no second copy
  } else {
    bytes = new Uint8Array(out.length * 2);
    for (let i = 0; i < out.length; i++) {
      bytes[2 * i] = out[i] & 0xff;
      bytes[2 * i + 1] = out[i] >> 8;
    }
  }
  return { bytes, width: dimX, height: dimY, components, precision };
}

// Test-only hostile inputs, built at run time and small on disk: a deflate
// stream of zeros (≈1000:1, so 1 MB inflates to 1 GiB), a PNG of zeros at any
// size, and JPEG-lossless frame headers that claim what they like.
import { constants, deflateRawSync } from 'node:zlib';
import { concat, header, imageElements, encodeElement, wrapPart10 } from './fixtures';
import { chunk } from './raster-fixtures';

const MIB = 1024 * 1024;
const fullFlush = (b: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH }));

/**
 * Raw deflate of `prefix` followed by `zeros` zero bytes, without ever holding
 * the zeros: full-flushed pieces end byte-aligned with no back-references, so
 * one compressed MiB of zeros can be repeated, then a final empty block closes the stream.
 */
export function deflateWithZeros(prefix: Uint8Array, zeros: number): Uint8Array {
  const parts = [fullFlush(prefix)];
  const mib = fullFlush(new Uint8Array(MIB));
  for (let left = zeros; left > 0; left -= MIB) parts.push(left >= MIB ? mib : fullFlush(new Uint8Array(left)));
  parts.push(new Uint8Array(deflateRawSync(new Uint8Array(0))));
  return concat(parts);
}

/** Deflated Explicit VR LE DICOM, Rows×Columns 16-bit, whose Pixel Data inflates to `pixelBytes` zeros. */
export function deflatedDicom(rows: number, columns: number, pixelBytes: number): Uint8Array {
  const els = imageElements({ rows, columns, bitsAllocated: 16 }).sort((a, b) => a.tag - b.tag);
  const head = concat([...els.map((e) => encodeElement(e, false)), header(0x7fe00010, 'OW', pixelBytes)]);
  return wrapPart10('1.2.840.10008.1.2.1.99', deflateWithZeros(head, pixelBytes));
}

/** An 8-bit PNG of zeros; colour type 0 grey, 2 RGB, 6 RGBA. */
export function zeroPng(width: number, height: number, colourType: 0 | 2 | 6): Uint8Array {
  const channels = { 0: 1, 2: 3, 6: 4 }[colourType];
  const raw = (width * channels + 1) * height; // a filter byte (0) per row, then zeros
  const ihdr = new Uint8Array(13);
  const d = new DataView(ihdr.buffer);
  d.setUint32(0, width);
  d.setUint32(4, height);
  ihdr.set([8, colourType, 0, 0, 0], 8);
  // zlib = 2-byte header, raw deflate, Adler-32 (of zeros: a = 1, b = n mod 65521).
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, ((raw % 65521) * 65536 + 1) >>> 0);
  const idat = concat([Uint8Array.of(0x78, 0x9c), deflateWithZeros(new Uint8Array(0), raw), adler]);
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * A JPEG lossless (SOF3) stream whose frame header claims width×height with
 * `components` components at `precision` bits, then a scan with a few bytes of
 * entropy data: enough for a decoder to size its output from the header.
 */
export function jpegLosslessHeader(width: number, height: number, precision = 16, components = 1): Uint8Array {
  const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const comps = Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat();
  const scan = Array.from({ length: components }, (_, i) => [i + 1, 0x00]).flat();
  return Uint8Array.from([
    0xff,
    0xd8,
    ...seg(0xc3, [precision, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...comps]),
    ...seg(0xda, [components, ...scan, 1, 0, 0]), // predictor 1, Se 0, Ah/Al 0
    0x12,
    0x34,
    0x56,
    0x78,
    0xff,
    0xd9,
  ]);
}

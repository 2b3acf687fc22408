// Test-only raster builders: a baseline uncompressed TIFF writer (sharp cannot
// write 16-bit TIFF) and a PNG whose IHDR declares any size (decompression-bomb tests).
import { deflateSync } from 'node:zlib';
import { concat } from './fixtures';

/** Uncompressed little-endian baseline TIFF; samples interleaved, 8 or 16 bits. */
export function buildTiff(width: number, height: number, spp: 1 | 3 | 4, bits: 8 | 16, samples: ArrayLike<number>): Uint8Array {
  const bytesPer = bits / 8;
  const pixelBytes = width * height * spp * bytesPer;
  const entries: [tag: number, type: 3 | 4, count: number, value: number][] = [];
  const ifdOffset = 8;
  const tagCount = spp === 4 ? 12 : 11;
  const extraOffset = ifdOffset + 2 + tagCount * 12 + 4;
  const bitsInline = spp <= 2;
  const dataOffset = extraOffset + (bitsInline ? 0 : spp * 2);
  entries.push([256, 4, 1, width], [257, 4, 1, height]);
  entries.push([258, 3, spp, bitsInline ? bits : extraOffset]);
  entries.push([259, 3, 1, 1], [262, 3, 1, spp === 1 ? 1 : 2], [273, 4, 1, dataOffset]);
  entries.push([277, 3, 1, spp], [278, 4, 1, height], [279, 4, 1, pixelBytes], [284, 3, 1, 1]);
  if (spp === 4) entries.push([338, 3, 1, 2]); // ExtraSamples: unassociated alpha
  entries.push([339, 3, 1, 1]); // SampleFormat: unsigned integer
  const out = new Uint8Array(dataOffset + pixelBytes);
  const d = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  d.setUint32(4, ifdOffset, true);
  d.setUint16(ifdOffset, entries.length, true);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    d.setUint16(at, tag, true);
    d.setUint16(at + 2, type, true);
    d.setUint32(at + 4, count, true);
    if (type === 3 && count === 1) d.setUint16(at + 8, value, true);
    else d.setUint32(at + 8, value, true);
  });
  d.setUint32(ifdOffset + 2 + entries.length * 12, 0, true); // no next IFD
  if (!bitsInline) for (let c = 0; c < spp; c++) d.setUint16(extraOffset + 2 * c, bits, true);
  for (let i = 0; i < width * height * spp; i++) {
    if (bits === 8) out[dataOffset + i] = samples[i];
    else d.setUint16(dataOffset + 2 * i, samples[i], true);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const v of b) c = CRC_TABLE[(c ^ v) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([Uint8Array.from(type, (ch) => ch.charCodeAt(0)), data]);
  const out = new Uint8Array(8 + data.length + 4);
  const d = new DataView(out.buffer);
  d.setUint32(0, data.length);
  out.set(body, 4);
  d.setUint32(8 + data.length, crc32(body));
  return out;
}

/** A valid-looking 8-bit greyscale PNG header declaring width×height, with a tiny IDAT. */
export function craftPngHeader(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const d = new DataView(ihdr.buffer);
  d.setUint32(0, width);
  d.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filter, no interlace
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const idat = new Uint8Array(deflateSync(new Uint8Array(64)));
  return concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

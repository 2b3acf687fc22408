// Decide what a file is from its bytes, never from its extension: users rename
// files, PACS exports drop extensions, and a ".png" may well be a DICOM.
// Pure and isomorphic: the engine's image loader and the renderer's file routing both use it.

export type Sniffed =
  | { kind: 'dicom'; variant: 'part10' | 'no-preamble-meta' | 'raw-explicit' | 'raw-implicit' }
  | { kind: 'raster'; format: 'png' | 'jpeg' | 'webp' | 'tiff' | 'gif' }
  | { kind: 'other'; what: string };

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, Math.min(b.length, at + n)));

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));

// Groups a dataset written without the Part 10 preamble plausibly starts with.
const FIRST_GROUPS = new Set([0x0002, 0x0008, 0x0010, 0x0018, 0x0020, 0x0028]);

export function sniff(b: Uint8Array): Sniffed {
  if (ascii(b, 128, 4) === 'DICM') return { kind: 'dicom', variant: 'part10' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'raster', format: 'png' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'raster', format: 'jpeg' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'raster', format: 'webp' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'raster', format: 'tiff' };
  }
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return { kind: 'raster', format: 'gif' };
  const raw = sniffRawDicom(b);
  if (raw) return raw;
  return { kind: 'other', what: describeOther(b) };
}

function sniffRawDicom(b: Uint8Array): Sniffed | null {
  if (b.length < 12) return null;
  const group = b[0] | (b[1] << 8);
  if (!FIRST_GROUPS.has(group)) return null;
  const vr = ascii(b, 4, 2);
  if (group === 0x0002) return VRS.has(vr) ? { kind: 'dicom', variant: 'no-preamble-meta' } : null;
  if (VRS.has(vr)) return { kind: 'dicom', variant: 'raw-explicit' };
  // Implicit VR: a 32-bit length that fits in the file, and a second tag of the same group after it.
  const len = (b[4] | (b[5] << 8) | (b[6] << 16)) + b[7] * 0x1000000;
  const next = 8 + len;
  if (next + 2 > b.length) return null;
  const group2 = b[next] | (b[next + 1] << 8);
  return group2 === group || FIRST_GROUPS.has(group2) ? { kind: 'dicom', variant: 'raw-implicit' } : null;
}

/** A short description of bytes that are not an image we read: their kind, never their content. */
function describeOther(b: Uint8Array): string {
  if (ascii(b, 0, 5) === '%PDF-') return 'a PDF document';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive';
  if (ascii(b, 0, 2) === 'BM') return 'a BMP image (not supported; convert it to PNG)';
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])) {
    return 'a JPEG 2000 image (not supported; convert it to PNG)';
  }
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip-compressed data';
  const head = b.subarray(0, 256);
  const printable = head.filter((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)).length;
  // Never a byte of it: the path may name any file the process can read (/etc/shadow).
  if (head.length > 0 && printable / head.length > 0.95) return 'text';
  return 'data with no known image signature';
}

// Test-only builders for files the tests need but must not ship: DICOM files
// in any transfer syntax, RLE (PackBits) encoding, a baseline TIFF writer for
// 16-bit samples (sharp cannot write 16-bit TIFF), and PNG chunk crafting.
import { deflateRawSync } from 'node:zlib';

export type DicomValue = string | number | number[] | Uint8Array;
export interface DicomElementSpec {
  tag: number; // 0xGGGGEEEE
  vr: string;
  value: DicomValue;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function valueBytes(vr: string, v: DicomValue): Uint8Array {
  if (v instanceof Uint8Array) return v.length % 2 ? concat([v, new Uint8Array(1)]) : v;
  if (vr === 'US') return Uint8Array.from((Array.isArray(v) ? v : [v as number]).flatMap((n) => [n & 0xff, (n >> 8) & 0xff]));
  if (vr === 'UL') {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v as number, true);
    return b;
  }
  let s = String(v);
  if (s.length % 2) s += vr === 'UI' ? '\0' : ' ';
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An element header alone (tag, VR, length): for values streamed or faked by the caller. */
export function header(tag: number, vr: string | null, length: number): Uint8Array {
  const long = vr === null || LONG_VRS.has(vr);
  const b = new Uint8Array(vr === null ? 8 : long ? 12 : 8);
  const d = new DataView(b.buffer);
  d.setUint16(0, tag >>> 16, true);
  d.setUint16(2, tag & 0xffff, true);
  if (vr === null) d.setUint32(4, length, true);
  else {
    b[4] = vr.charCodeAt(0);
    b[5] = vr.charCodeAt(1);
    if (long) d.setUint32(8, length, true);
    else d.setUint16(6, length, true);
  }
  return b;
}

export function encodeElement(e: DicomElementSpec, implicit: boolean): Uint8Array {
  const v = valueBytes(e.vr, e.value);
  return concat([header(e.tag, implicit ? null : e.vr, v.length), v]);
}

/** Encapsulated Pixel Data: undefined length, empty Basic Offset Table, one item per fragment. */
export function encapsulate(fragments: Uint8Array[], implicit = false): Uint8Array {
  const item = (b: Uint8Array) => concat([header(0xfffee000, null, b.length), b]);
  return concat([
    header(0x7fe00010, implicit ? null : 'OB', 0xffffffff),
    item(new Uint8Array(0)),
    ...fragments.map((f) => item(f.length % 2 ? concat([f, new Uint8Array(1)]) : f)),
    header(0xfffee0dd, null, 0),
  ]);
}

export interface DicomBuild {
  transferSyntax: string;
  elements: DicomElementSpec[];
  /** Native pixel bytes, or fragments for an encapsulated syntax. */
  pixels?: Uint8Array;
  fragments?: Uint8Array[];
  /** 'part10' (default), 'no-preamble' (meta group first) or 'raw' (data set only). */
  layout?: 'part10' | 'no-preamble' | 'raw';
}

export function buildDicom(b: DicomBuild): Uint8Array {
  const implicit = b.transferSyntax === '1.2.840.10008.1.2';
  const sorted = [...b.elements].sort((x, y) => x.tag - y.tag);
  const parts = sorted.map((e) => encodeElement(e, implicit));
  if (b.fragments) parts.push(encapsulate(b.fragments, implicit));
  else if (b.pixels) parts.push(encodeElement({ tag: 0x7fe00010, vr: 'OW', value: b.pixels }, implicit));
  let body = concat(parts);
  if (b.transferSyntax === '1.2.840.10008.1.2.1.99') body = deflateRawSync(body);
  return wrapPart10(b.transferSyntax, body, b.layout);
}

/** The preamble and file meta group around an already encoded (or deflated) data set. */
export function wrapPart10(transferSyntax: string, body: Uint8Array, layout: DicomBuild['layout'] = 'part10'): Uint8Array {
  if (layout === 'raw') return body;
  const metaElems = [
    encodeElement({ tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) }, false),
    encodeElement({ tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' }, false),
    encodeElement({ tag: 0x00020003, vr: 'UI', value: '1.2.3.4.5.6.7' }, false),
    encodeElement({ tag: 0x00020010, vr: 'UI', value: transferSyntax }, false),
    encodeElement({ tag: 0x00020012, vr: 'UI', value: '1.2.3.4' }, false),
  ];
  const metaBody = concat(metaElems);
  const meta = concat([encodeElement({ tag: 0x00020000, vr: 'UL', value: metaBody.length }, false), metaBody]);
  if (layout === 'no-preamble') return concat([meta, body]);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, meta, body]);
}

/** The image-pixel module for a monochrome or RGB image. */
export function imageElements(o: {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored?: number;
  signed?: boolean;
  photometric?: string;
  samplesPerPixel?: number;
  planar?: number;
  extra?: DicomElementSpec[];
}): DicomElementSpec[] {
  const spp = o.samplesPerPixel ?? 1;
  const stored = o.bitsStored ?? o.bitsAllocated;
  const els: DicomElementSpec[] = [
    { tag: 0x00080060, vr: 'CS', value: 'OT' },
    { tag: 0x00280002, vr: 'US', value: spp },
    { tag: 0x00280004, vr: 'CS', value: o.photometric ?? (spp === 3 ? 'RGB' : 'MONOCHROME2') },
    { tag: 0x00280010, vr: 'US', value: o.rows },
    { tag: 0x00280011, vr: 'US', value: o.columns },
    { tag: 0x00280100, vr: 'US', value: o.bitsAllocated },
    { tag: 0x00280101, vr: 'US', value: stored },
    { tag: 0x00280102, vr: 'US', value: stored - 1 },
    { tag: 0x00280103, vr: 'US', value: o.signed ? 1 : 0 },
  ];
  if (spp === 3) els.push({ tag: 0x00280006, vr: 'US', value: o.planar ?? 0 });
  return [...els, ...(o.extra ?? [])];
}

/** PackBits encoder (literal runs only plus replicate runs of 3+), for RLE round trips. */
export function packBits(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && src[i + run] === src[i] && run < 128) run++;
    if (run >= 3) {
      out.push(257 - run, src[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128 && !(i + 2 < src.length && src[i] === src[i + 1] && src[i] === src[i + 2])) i++;
    out.push(i - start - 1, ...src.subarray(start, i));
  }
  if (out.length % 2) out.push(128); // pad to even with the no-op byte
  return Uint8Array.from(out);
}

/** Encode little-endian interleaved samples as one DICOM RLE frame (segments MSB first). */
export function rleEncodeFrame(le: Uint8Array, pixels: number, spp: number, bytesPerSample: number): Uint8Array {
  const segs: Uint8Array[] = [];
  for (let s = 0; s < spp; s++) {
    for (let k = bytesPerSample - 1; k >= 0; k--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = le[(p * spp + s) * bytesPerSample + k];
      segs.push(packBits(plane));
    }
  }
  const head = new Uint8Array(64);
  const d = new DataView(head.buffer);
  d.setUint32(0, segs.length, true);
  let off = 64;
  segs.forEach((seg, i) => {
    d.setUint32(4 + 4 * i, off, true);
    off += seg.length;
  });
  return concat([head, ...segs]);
}

// DICOM through dicom-parser: the meta header is read first so an unsupported
// transfer syntax is named before anything else is attempted; the pixel limit
// and the sample budget are checked on Rows×Columns×Samples before any pixel
// buffer is allocated, and each decoder is held to what the header promises
// (dicom-deflate.ts, dicom-jpeg-lossless.ts, dicom-rle.ts).
// Library messages (dicom-parser, the JPEG decoder) never reach ours: some
// quote the file (dicom-parser's "invalid DA '…'", the decoder's Huffman codes).
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import type { DecodedImage } from './decoded';
import { sampleRange } from './decoded';
import { readImageAttrs, SUPPORTED_SYNTAXES, TS, transferSyntaxName } from './dicom-header';
import { inflateDataSet } from './dicom-deflate';
import { decodeJpegLosslessFrame, JpegHeaderError } from './dicom-jpeg-lossless';
import { frameBytes, storedToValues, type PixelLayout } from './dicom-pixels';
import { decodeRleFrame, RleError } from './dicom-rle';
import { dicomTagRows } from './dicom-tags';
import { ImageLoadError, thrownText } from './errors';
import { PIXEL_LIMIT, sampleBudgetProblem } from './limits';
import type { Sniffed } from './sniff';
import { StudioError } from '../api/errors';

// dicom-parser's typings omit readPart10Header's TransferSyntaxUID option (used for files without a preamble).
const readMeta = dicomParser.readPart10Header as (b: Uint8Array, o?: { TransferSyntaxUID?: string }) => DataSet;

type DicomVariant = Extract<Sniffed, { kind: 'dicom' }>['variant'];

// Header strings are quoted in errors only when they are what their VR allows
// (a UID is digits and dots, a code string upper-case words), never free text.
const UID = /^[0-9.]{1,64}$/;
const CS = /^[A-Z0-9 _]{1,16}$/;
const shown = (v: string, allowed: RegExp): string => (allowed.test(v) ? v : 'a value outside its VR');

/** `frame`: which frame of a multi-frame image (0-based). */
export function decodeDicom(name: string, input: Uint8Array, variant: DicomVariant = 'part10', frame = 0): DecodedImage {
  const bytes = withPreamble(input, variant);
  const rawSyntax = variant === 'raw-implicit' ? TS.implicitLE : variant === 'raw-explicit' ? TS.explicitLE : undefined;
  const fail = (code: ImageLoadError['code'], problem: string) => new ImageLoadError(name, code, problem);

  let meta: DataSet;
  try {
    meta = readMeta(bytes, rawSyntax ? { TransferSyntaxUID: rawSyntax } : undefined);
  } catch (e) {
    throw parseFailure(name, e, 'DICOM file meta header');
  }
  const syntax = rawSyntax ?? (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (!syntax) throw fail('corrupt', 'DICOM meta header has no transfer syntax (0002,0010)');
  if (!SUPPORTED_SYNTAXES.has(syntax)) {
    throw fail('unsupported', `transfer syntax ${transferSyntaxName(syntax)} (${shown(syntax, UID)}) is not supported`);
  }

  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
      inflater: ((arr: Uint8Array, position: number) => inflateDataSet(name, arr, position)) as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (e) {
    if (e instanceof ImageLoadError) throw e; // from the inflater
    throw parseFailure(name, e, 'DICOM data set');
  }
  const attrs = readImageAttrs(ds, syntax);
  const h = attrs.header;
  const px = ds.elements.x7fe00010;
  if (!px) throw fail('not-an-image', `DICOM object has no Pixel Data (7FE0,0010)${h.modality ? ` (modality ${shown(h.modality, CS)})` : ''}`);
  if (h.rows <= 0 || h.columns <= 0) throw fail('corrupt', `DICOM Rows/Columns are ${h.rows}×${h.columns}`);
  if (h.rows * h.columns > PIXEL_LIMIT) {
    throw fail('too-large', `${h.columns}×${h.rows} is above the ${PIXEL_LIMIT / 1e6} megapixel limit`);
  }
  const pi = h.photometricInterpretation;
  const spp = attrs.samplesPerPixel;
  const mono = pi === 'MONOCHROME1' || pi === 'MONOCHROME2';
  if (!(mono && spp === 1) && !((pi === 'RGB' || pi === 'YBR_FULL') && spp === 3)) {
    throw fail('unsupported', `photometric interpretation ${shown(pi, CS)} with ${spp} samples per pixel is not supported`);
  }
  const budget = sampleBudgetProblem(h.columns, h.rows, spp);
  if (budget) throw fail('too-large', budget);
  if (![8, 16, 32].includes(h.bitsAllocated) || h.bitsStored < 1 || h.bitsStored > h.bitsAllocated) {
    throw fail('unsupported', `BitsAllocated ${h.bitsAllocated} / BitsStored ${h.bitsStored} is not supported`);
  }
  if ((syntax === TS.jpegLossless14 || syntax === TS.jpegLosslessSV1) && h.bitsAllocated > 16) {
    throw fail('unsupported', `JPEG Lossless with BitsAllocated ${h.bitsAllocated} is not supported (at most 16)`);
  }

  const layout: PixelLayout = {
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: spp,
    bitsAllocated: h.bitsAllocated,
    bitsStored: h.bitsStored,
    highBit: attrs.highBit,
    signed: h.pixelRepresentation === 1,
    planar: attrs.planarConfiguration === 1,
    slope: h.rescaleSlope,
    intercept: h.rescaleIntercept,
    ybrFull: pi === 'YBR_FULL',
  };
  const notes: string[] = [];
  if (!Number.isInteger(frame) || frame < 0 || frame >= attrs.frames) {
    throw new StudioError(
      'bad-request',
      `${name}: frame ${frame} asked for; the image has ${attrs.frames} frame${attrs.frames === 1 ? '' : 's'} (0…${attrs.frames - 1})`,
    );
  }
  if (attrs.frames > 1) notes.push(`multi-frame DICOM (${attrs.frames} frames); showing ${frame === 0 ? 'the first frame' : `frame ${frame + 1}`}`);
  if (ds.elements.x00283000) notes.push('Modality LUT Sequence present but not applied; rescale slope/intercept used');

  const data = storedToValues(frameAt(name, ds, px, syntax, layout, attrs.frames, frame), layout);
  const { min, max } = sampleRange(data, spp);
  let window: [number, number];
  if (mono && h.windowCenter !== null && h.windowWidth !== null) {
    // PS3.3 C.11.2.1.2.1 linear VOI: [c - 0.5 - (w-1)/2, c - 0.5 + (w-1)/2].
    const c = h.windowCenter - 0.5;
    const half = Math.max(0, (h.windowWidth - 1) / 2);
    window = [c - half, c + half];
  } else if (mono) {
    window = [min, max];
  } else {
    window = [0, 2 ** h.bitsStored - 1];
  }
  return {
    kind: 'dicom',
    format: 'dicom',
    width: h.columns,
    height: h.rows,
    channels: spp === 3 ? 3 : 1,
    bitDepth: h.bitsAllocated as 8 | 16 | 32,
    data,
    min,
    max,
    window,
    invert: pi === 'MONOCHROME1',
    dicom: h,
    notes,
    frames: attrs.frames,
    frame,
    dicomTags: dicomTagRows(ds),
  };
}

/** Bytes of frame `index` in the uncompressed layout storedToValues reads. */
function frameAt(name: string, ds: DataSet, px: Element, syntax: string, l: PixelLayout, frames: number, index: number): Uint8Array {
  const need = frameBytes(l);
  const fail = (code: ImageLoadError['code'], problem: string) => new ImageLoadError(name, code, problem);
  if (!px.encapsulatedPixelData) {
    const available = Math.min(px.length, ds.byteArray.length - px.dataOffset);
    const start = index * need;
    if (available < start + need) {
      const what = index === 0 ? `one ${l.columns}×${l.rows} frame` : `frame ${index + 1} of ${l.columns}×${l.rows}`;
      throw fail('truncated', `DICOM file is truncated in the pixel data (${Math.max(0, available)} of ${start + need} bytes for ${what})`);
    }
    return ds.byteArray.subarray(px.dataOffset + start, px.dataOffset + start + need);
  }
  const fragments = px.fragments ?? [];
  if (fragments.length === 0) throw fail('corrupt', 'encapsulated pixel data has no fragments');
  const last = fragments[fragments.length - 1];
  if (last.position + last.length > ds.byteArray.length) {
    // position is absolute in the file
    throw fail('truncated', 'encapsulated pixel data is cut short');
  }
  let encoded: Uint8Array;
  try {
    if (frames === 1) {
      encoded = dicomParser.readEncapsulatedPixelDataFromFragments(ds, px, 0, fragments.length);
    } else if (syntax === TS.rle) {
      encoded = dicomParser.readEncapsulatedPixelDataFromFragments(ds, px, index, 1); // one fragment per RLE frame (G.5)
    } else {
      const table = px.basicOffsetTable?.length ? px.basicOffsetTable : dicomParser.createJPEGBasicOffsetTable(ds, px);
      encoded = dicomParser.readEncapsulatedImageFrame(ds, px, index, table);
    }
  } catch {
    throw fail('corrupt', 'cannot read the encapsulated frame');
  }
  if (syntax === TS.rle) {
    try {
      const out = decodeRleFrame(encoded, l.rows, l.columns, l.samplesPerPixel, l.bitsAllocated);
      l.planar = false; // RLE is planar by segment; decodeRleFrame already interleaves
      return out;
    } catch (e) {
      if (!(e instanceof RleError)) throw fail('corrupt', 'RLE data cannot be decoded');
      throw fail(e.truncated ? 'truncated' : 'corrupt', e.message);
    }
  }
  let result: ReturnType<typeof decodeJpegLosslessFrame>;
  try {
    result = decodeJpegLosslessFrame(encoded, l);
  } catch (e) {
    if (e instanceof JpegHeaderError) throw fail('corrupt', e.message);
    throw fail('corrupt', 'JPEG Lossless data cannot be decoded');
  }
  if (result.width !== l.columns || result.height !== l.rows || result.components !== l.samplesPerPixel) {
    throw fail('corrupt', `JPEG stream is ${result.width}×${result.height}×${result.components}, header says ${l.columns}×${l.rows}×${l.samplesPerPixel}`);
  }
  l.planar = false; // the JPEG decoder returns interleaved samples whatever the header says
  return result.bytes;
}

function withPreamble(b: Uint8Array, variant: DicomVariant): Uint8Array {
  if (variant !== 'no-preamble-meta') return b;
  // File meta group without the 128-byte preamble: restore preamble and "DICM".
  const out = new Uint8Array(132 + b.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(b, 132);
  return out;
}

const TRUNCATION = /buffer overrun|past end of buffer|cannot be greater than or equal to|eof encountered|end of buffer|out of range|outside the bounds/i;

function parseFailure(name: string, e: unknown, where: string): ImageLoadError {
  const msg = thrownText(e);
  if (/DICM prefix not found/.test(msg)) return new ImageLoadError(name, 'not-an-image', 'not a DICOM file (no DICM marker at byte 128)');
  if (TRUNCATION.test(msg)) {
    const partial = e && typeof e === 'object' && 'dataSet' in e ? (e as { dataSet: DataSet }).dataSet : null;
    const inPixels = partial?.elements?.x7fe00010 !== undefined;
    return new ImageLoadError(name, 'truncated', `DICOM file is truncated in the ${inPixels ? 'pixel data' : 'header'}`);
  }
  return new ImageLoadError(name, 'corrupt', `${where} cannot be parsed`);
}

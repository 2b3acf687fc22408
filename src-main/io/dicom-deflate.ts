// Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99), inflated no
// further than the header promises. A stream of zeros deflates ~1000:1, so a
// 1 MB file may inflate to 1 GiB; the data set is therefore inflated twice:
// first a bounded prefix, enough to read Rows, Columns, BitsAllocated,
// SamplesPerPixel, NumberOfFrames and where Pixel Data starts, then the whole
// stream with zlib's maxOutputLength set to what those promise (a file with
// no Pixel Data gets the header allowance).
import dicomParser, { type DataSet } from 'dicom-parser';
import { constants, inflateRawSync } from 'node:zlib';
import { readImageAttrs, TS } from './dicom-header';
import { ImageLoadError } from './errors';
import { DICOM_HEADER_LIMIT, DICOM_TRAILER_LIMIT, FILE_BYTE_LIMIT } from './limits';

/** Inflated + re-assembled copy together stay within the plain-file limit. */
const INFLATED_LIMIT = FILE_BYTE_LIMIT / 2;
/** One deflate input byte yields at most ~2 KB; this much room lets a prefix always land between want and cap. */
const SLACK = 1024 * 1024;

type Fail = (code: ImageLoadError['code'], problem: string) => ImageLoadError;

/** Inflate the first `k` bytes; null when the output would pass `cap`. Z_SYNC_FLUSH: a cut stream yields what it holds. */
function inflatePrefix(d: Uint8Array, k: number, cap: number, fail: Fail): Buffer | null {
  try {
    return inflateRawSync(d.subarray(0, k), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: cap });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return null;
    // zlib's codes (Z_DATA_ERROR...) are fixed names; its messages are not passed on.
    throw fail('corrupt', `deflated data set cannot be inflated (${code ?? 'zlib error'})`);
  }
}

/**
 * The output of the shortest prefix of `d` (found by growing, then bisecting)
 * that inflates to at least `want` bytes, or all of `d`, never holding more than `cap`.
 */
function inflateAtLeast(d: Uint8Array, want: number, cap: number, fail: Fail): { out: Buffer; complete: boolean } {
  let lo = 0;
  let hi = Infinity;
  let k = Math.min(d.length, 16 * 1024);
  for (;;) {
    const out = inflatePrefix(d, k, cap, fail);
    if (out && (out.length >= want || k === d.length)) return { out, complete: k === d.length };
    if (out) lo = k;
    else hi = k;
    const next = hi === Infinity ? Math.min(d.length, k * 4) : Math.floor((lo + hi) / 2);
    if (next <= lo || next >= hi) throw fail('too-large', 'deflated data set cannot be read within its limits');
    k = next;
  }
}

/** Pixel Data's offset and the header's promise, from a parse that stops at (7FE0,0010); null if not reached. */
function headerPromise(arr: Uint8Array, full: Uint8Array): { dataOffset: number; length: number; promised: number } | null {
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(arr, { inflater: () => full, untilTag: 'x7fe00010' } as dicomParser.ParseDicomOptions);
  } catch (e) {
    // Cut mid-element: what was parsed before the cut still counts.
    ds = (e as { dataSet?: DataSet }).dataSet ?? ({ elements: {} } as DataSet);
  }
  const px = ds.elements.x7fe00010;
  if (!px || px.dataOffset === undefined) return null;
  const a = readImageAttrs(ds, TS.deflatedLE);
  const frameBytes = a.header.rows * a.header.columns * a.samplesPerPixel * Math.ceil(a.header.bitsAllocated / 8);
  return { dataOffset: px.dataOffset, length: px.length, promised: frameBytes * a.frames };
}

/** dicom-parser's inflater: the file's bytes up to `position`, then the inflated data set. */
export function inflateDataSet(name: string, arr: Uint8Array, position: number): Uint8Array {
  const fail: Fail = (code, problem) => new ImageLoadError(name, code, problem);
  const deflated = arr.subarray(position);
  const withMeta = (out: Uint8Array): Uint8Array => {
    const full = new Uint8Array(position + out.length);
    full.set(arr.subarray(0, position));
    full.set(out, position);
    return full;
  };

  let head: { out: Buffer; complete: boolean } | null = null;
  let promise: ReturnType<typeof headerPromise> = null;
  for (const want of [64 * 1024, 1024 * 1024, DICOM_HEADER_LIMIT]) {
    head = inflateAtLeast(deflated, want, want + SLACK, fail);
    promise = headerPromise(arr, withMeta(head.out));
    if (promise || head.complete) break;
  }
  if (!promise && !head?.complete) throw fail('too-large', `deflated data set holds more than ${DICOM_HEADER_LIMIT / 2 ** 20} MiB before its Pixel Data`);

  // No Pixel Data at all (the full parse reports it): the header limit is the whole budget.
  let cap = DICOM_HEADER_LIMIT;
  if (promise) {
    const pixels = promise.length === 0xffffffff ? promise.promised : Math.min(promise.length, promise.promised);
    cap = promise.dataOffset - position + pixels + DICOM_TRAILER_LIMIT;
    if (cap > INFLATED_LIMIT) {
      throw fail('too-large', `deflated data set would inflate to ${(cap / 2 ** 20).toFixed(0)} MiB, above the ${INFLATED_LIMIT / 2 ** 20} MiB limit`);
    }
  }
  // Once more, whole and to its end (Z_FINISH), so that a cut stream is told apart from a complete one.
  try {
    return withMeta(inflateRawSync(deflated, { maxOutputLength: cap }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw fail('too-large', `deflated data set inflates past the ${cap} bytes its header describes`);
    if (code === 'Z_BUF_ERROR') throw fail('truncated', `DICOM file is truncated in the ${promise ? 'pixel data' : 'header'} (the deflate stream ends early)`);
    throw fail('corrupt', `deflated data set cannot be inflated (${code ?? 'zlib error'})`);
  }
}

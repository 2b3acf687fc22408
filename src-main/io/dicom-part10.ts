// Reading and writing whole Part 10 files with dcmjs, for the files this app
// writes (de-identified sources, Secondary Captures). The typings in dcmjs.d.ts
// cover the tag browser's needs; the few calls used here are typed locally.
import dcmjs from 'dcmjs';
import { StudioError } from '../api/errors';
import { type DeidOptions, deidentifyDataset, deidentifyMeta, type RawDataset } from './deidentify';

interface Part10 {
  meta: RawDataset;
  dict: RawDataset;
}
interface WritableDict {
  dict: RawDataset;
  write(options?: Record<string, unknown>): ArrayBuffer;
}
const data = dcmjs.data as unknown as {
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): Part10 };
  DicomDict: new (meta: RawDataset) => WritableDict;
};

// dcmjs logs what it repairs in real files (an AS of 4 bytes, pixel data of VR "ox") as errors on the console,
// through loglevel; it is not an error to us (the validator test checks what is written): quiet while we read and write.
interface Logger {
  getLevel(): number;
  setLevel(l: number | string, persist?: boolean): void;
}
const dcmjsLog = (dcmjs as unknown as { log: Logger & { getLogger(name: string): Logger } }).log;
const loggers = [dcmjsLog, dcmjsLog.getLogger('validation.dcmjs')];
function quietly<T>(fn: () => T): T {
  const before = loggers.map((l) => l.getLevel());
  for (const l of loggers) l.setLevel('silent', false);
  try {
    return fn();
  } finally {
    loggers.forEach((l, i) => l.setLevel(before[i], false));
  }
}

const own = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export function readPart10(bytes: Uint8Array): Part10 {
  try {
    const { meta, dict } = quietly(() => data.DicomMessage.readFile(own(bytes), { ignoreErrors: false }));
    return { meta, dict };
  } catch (e) {
    // dcmjs' messages may quote the file; name the failure only.
    throw new StudioError('bad-input', `not a DICOM Part 10 file that can be rewritten (${e instanceof Error ? e.name : 'error'})`);
  }
}

export function writePart10(meta: RawDataset, dict: RawDataset): Uint8Array {
  const out = new data.DicomDict(meta);
  out.dict = dict;
  return new Uint8Array(quietly(() => out.write({ fragmentMultiframe: false })));
}

/** A Part 10 file with its data set de-identified (deidentify.ts); the pixel data and transfer syntax as they were. */
export function deidentifyPart10(bytes: Uint8Array, opts: DeidOptions): Uint8Array {
  const { meta, dict } = readPart10(bytes);
  const ds = deidentifyDataset(dict, opts);
  return writePart10(deidentifyMeta(meta, ds), ds);
}

/** "DICM" at byte 128: only such files are rewritten (a raw data set without preamble is left to the caller). */
export const isPart10 = (b: Uint8Array): boolean => b.length > 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;

// HDF5 access for Keras files through h5wasm, behind checks that name the file:
// h5wasm reports a truncated or foreign file as "name not defined!" after
// printing HDF5's own diagnostics, so the superblock is checked here first,
// and every read is bounded by a byte budget before h5wasm allocates it.
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import h5wasm from 'h5wasm/node';
import { StudioError } from '../../api/errors';
import { halfToFloat } from '../../numerics/float16';

/** The whole file: Keras weights for one model, the same bound as tfjs shards (files.ts MAX_WEIGHT_BYTES). */
export const MAX_HDF5_BYTES = 2 * 1024 * 1024 * 1024;
/** One string attribute (model_config, weight_names): far above any real config, far below V8's string limit. */
const MAX_ATTR_BYTES = 64 * 1024 * 1024;
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** HDF5 looks for the superblock at 0, 512, 1024, 2048, … (a user block may precede it). */
const SUPERBLOCK_OFFSETS = [0, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

export interface H5Array {
  shape: number[];
  values: Float32Array;
}

export interface Hdf5Reader {
  readonly label: string;
  /** A string or list-of-strings attribute of the group at `path` ('' = root); null when absent. */
  attr(path: string, name: string): string | string[] | null;
  /** Child names of the group at `path`; null when it is not a group. */
  keys(path: string): string[] | null;
  /** The float dataset at `path` as float32, or null when absent; counts against the byte budget. */
  floats(path: string): H5Array | null;
  close(): void;
}

const readU = (b: Buffer, at: number, n: number): number => {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
};

/**
 * Finds the superblock and checks that the end-of-file address it stores is
 * within the file: a truncated download is named as such, not left to HDF5.
 */
export function checkSuperblock(head: Buffer, size: number, label: string): void {
  const at = SUPERBLOCK_OFFSETS.find((o) => o + 8 <= head.length && SIGNATURE.every((s, i) => head[o + i] === s));
  if (at === undefined) throw new StudioError('bad-model', `${label}: not an HDF5 file (no HDF5 signature)`);
  const version = head[at + 8];
  // Versions 0/1 keep the offset size at byte 13 and the addresses after 24 (+4 for v1) bytes; 2/3 at byte 9 and 12.
  const offsetSize = version <= 1 ? head[at + 13] : head[at + 9];
  const base = version === 0 ? at + 24 : version === 1 ? at + 28 : at + 12;
  if (version > 3 || ![2, 4, 8].includes(offsetSize) || base + 3 * offsetSize > head.length) {
    throw new StudioError('bad-model', `${label}: unreadable HDF5 superblock (version ${version})`);
  }
  const baseAddress = readU(head, base, offsetSize);
  const eof = readU(head, base + 2 * offsetSize, offsetSize);
  if (baseAddress + eof > size) throw new StudioError('truncated', `${label}: truncated HDF5 file (${size} of ${baseAddress + eof} bytes)`);
}

/** Reads the first bytes through a descriptor that is checked to be a regular file of bounded size. */
async function checkFile(path: string, label: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not-found', `${label}: no such file`);
    throw new StudioError('read-failed', `${label}: cannot open (${code ?? 'error'})`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new StudioError('not-a-file', `${label}: not a regular file`);
    if (st.size === 0) throw new StudioError('empty-file', `${label}: empty file`);
    if (st.size > MAX_HDF5_BYTES) throw new StudioError('too-large', `${label}: ${st.size} bytes, above the ${MAX_HDF5_BYTES}-byte limit`);
    const head = Buffer.alloc(Math.min(st.size, 65536 + 128));
    await fh.read(head, 0, head.length, 0);
    checkSuperblock(head, st.size, label);
  } finally {
    await fh.close();
  }
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);

function toStrings(v: unknown): string | string[] | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  // h5py writes an empty name list as a zero-length float array.
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 0) return [];
  return null;
}

/** Float data as float32: HDF5 stores Keras weights as <f4, sometimes <f8 or <f2. */
function asFloat32(v: unknown, dtype: unknown, path: string, label: string): Float32Array {
  if (v instanceof Float32Array) return v;
  if (v instanceof Float64Array) return Float32Array.from(v);
  if (dtype === '<e' && v instanceof Uint16Array) return Float32Array.from(v, halfToFloat);
  if (dtype === '<e' && ArrayBuffer.isView(v)) return Float32Array.from(v as unknown as ArrayLike<number>);
  throw new StudioError('bad-model', `${label}: weight ${JSON.stringify(path)} has HDF5 type ${JSON.stringify(dtype)}, not a float`);
}

/**
 * Opens an HDF5 file read-only. `budget` bounds the bytes of dataset values
 * read through it (the tensors a model may declare), beside the file-size limit.
 */
export async function openHdf5(path: string, label: string, budget = MAX_HDF5_BYTES): Promise<Hdf5Reader> {
  await checkFile(path, label);
  await h5wasm.ready;
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (e) {
    throw new StudioError('bad-model', `${label}: unreadable HDF5 file (${firstLine(e)})`);
  }
  let left = budget;
  const guard = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof StudioError) throw e;
      throw new StudioError('bad-model', `${label}: unreadable HDF5 ${what} (${firstLine(e)})`);
    }
  };
  const entity = (p: string): ReturnType<typeof file.get> => (p === '' ? file : file.get(p));
  return {
    label,
    attr: (p, name) =>
      guard(`attribute ${JSON.stringify(name)}`, () => {
        const g = entity(p);
        const a = g && 'attrs' in g ? g.attrs[name] : undefined;
        if (!a) return null;
        const n = (a.shape ?? []).reduce((x, y) => x * y, 1) * (a.metadata.size || 1);
        if (n > MAX_ATTR_BYTES) throw new StudioError('too-large', `${label}: attribute ${JSON.stringify(name)} holds ${n} bytes, above the limit`);
        return toStrings(a.value);
      }),
    keys: (p) =>
      guard(`group ${JSON.stringify(p)}`, () => {
        const g = entity(p);
        return g instanceof h5wasm.Group ? g.keys() : null;
      }),
    floats: (p) =>
      guard(`dataset ${JSON.stringify(p)}`, () => {
        const d = file.get(p);
        if (!(d instanceof h5wasm.Dataset)) return null;
        const shape = d.shape ?? [];
        const bytes = shape.reduce((x, y) => x * y, 1) * (d.metadata.size || 4);
        if (bytes > left) throw new StudioError('too-large', `${label}: weights exceed the ${budget}-byte limit at ${JSON.stringify(p)}`);
        left -= bytes;
        return { shape, values: asFloat32(d.value, d.dtype, p, label) };
      }),
    close: () => {
      try {
        file.close();
      } catch {
        // closing a file HDF5 already failed on has nothing left to release
      }
    },
  };
}

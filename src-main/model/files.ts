// Reads a tfjs model (model.json + weight shards) from disk or from uploaded
// bytes into tfjs ModelArtifacts, with checks that name the broken file:
// tfjs' own loaders assume fetch and report missing shards obscurely.
// Model files are untrusted: shard paths must stay inside the model's folder,
// reads are bounded by what the manifest declares, errors never quote bytes.
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { type ErrorCode, StudioError } from '../api/errors';
import { jsonWhere } from '../shared/json-problem';
import type { UploadedFile } from '../api/types';
import { readRegularFile, readRegularText, resolveInside } from '../core/safe-read';
import { MAX_MODEL_JSON_BYTES } from '../shared/model-files';

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
}

/**
 * model.json: a graph model carries its whole topology here. 256 MiB is far
 * above converted graphs seen in practice (weights live in the shards), and
 * stays under V8's longest string (~512 Mi characters) and the several-fold
 * memory JSON.parse needs on top. (Defined beside the upload classifier, which reads texts up to it.)
 */
export { MAX_MODEL_JSON_BYTES };
/**
 * All weights of one model. Loading holds the shards and their concatenation
 * at once (twice this), and tfjs' wasm backend has a 4 GiB heap.
 */
export const MAX_WEIGHT_BYTES = 2 * 1024 * 1024 * 1024;

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8, string: 0 };
const QUANT_DTYPES = new Set(['uint8', 'uint16', 'float16']);

/** A name from a model file, quoted for an error: escaped to one line, cut short. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}

/**
 * JSON.parse with an error that names the file and where, never what: V8's
 * messages quote the text ("root:*:2022"... is not valid JSON), so only the
 * position number is taken from them, converted to a byte offset.
 */
export function parseJsonQuietly(label: string, text: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StudioError(code, `${label}: not valid JSON${jsonWhere(e, text)}`);
  }
}

const isDim = (d: unknown): d is number => Number.isSafeInteger(d) && (d as number) >= 0;

/** Checks the manifest's shape (paths, names, shapes, dtypes) so that sizes computed from it mean something. */
function checkManifest(name: string, manifest: unknown[]): void {
  const bad = (what: string): never => {
    throw new StudioError('bad-manifest', `${name}: weightsManifest ${what}`);
  };
  manifest.forEach((g, i) => {
    const group = g as { paths?: unknown; weights?: unknown };
    if (!group || typeof group !== 'object') bad(`[${i}] is not an object`);
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string' && p.length > 0)) bad(`[${i}].paths must be a list of file names`);
    if (!Array.isArray(group.weights)) bad(`[${i}].weights must be a list`);
    (group.weights as unknown[]).forEach((w, j) => {
      const e = w as Partial<tf.io.WeightsManifestEntry>;
      const at = `[${i}].weights[${j}]`;
      if (!e || typeof e !== 'object' || typeof e.name !== 'string') bad(`${at} has no name`);
      if (!Array.isArray(e.shape) || !e.shape.every(isDim)) bad(`${at}.shape must be a list of non-negative integers`);
      if (typeof e.dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, e.dtype)) bad(`${at}.dtype must be one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
      if (e.quantization != null && !QUANT_DTYPES.has(e.quantization.dtype)) bad(`${at}.quantization.dtype must be one of ${[...QUANT_DTYPES].join(', ')}`);
    });
  });
}

export function parseModelJson(name: string, text: string): ModelJson {
  const j = parseJsonQuietly(name, text, 'not-a-tfjs-model') as ModelJson;
  if (!j || typeof j !== 'object' || !j.modelTopology || !Array.isArray(j.weightsManifest)) {
    throw new StudioError('not-a-tfjs-model', `${name}: not a TensorFlow.js model (expected "modelTopology" and "weightsManifest")`);
  }
  checkManifest(name, j.weightsManifest);
  return j;
}

/**
 * The bytes a weight group must hold, and whether exactly: string weights
 * have per-element lengths, so for them only a lower bound is known.
 */
function groupBytes(name: string, weights: tf.io.WeightsManifestEntry[], budget: number): { bytes: number; exact: boolean } {
  let bytes = 0;
  let exact = true;
  for (const w of weights) {
    const dtype = w.quantization?.dtype ?? w.dtype;
    // A double: a huge shape gives a huge number, Infinity, or NaN (Infinity × 0), none <= budget.
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (dtype === 'string') {
      exact = false;
      bytes += 4 * n; // at least a 4-byte length per string
    } else bytes += n * DTYPE_BYTES[dtype];
    if (!(bytes <= budget)) throw new StudioError('too-large', `${name}: the manifest declares more weights than the ${MAX_WEIGHT_BYTES}-byte limit`);
  }
  return { bytes, exact };
}

/** Returned by a shard reader for a shard above the bytes it may hold: its size, unread. */
export interface TooLarge {
  tooLarge: number;
}

/**
 * Resolves shard bytes by manifest path. `read(path, maxBytes)` returns null
 * where a shard is absent and must not read more than `maxBytes` (what is
 * left of the group): each group's shards total exactly what it declares,
 * since tfjs decodes all groups from one buffer by offset.
 */
export async function assembleArtifacts(
  name: string,
  json: ModelJson,
  read: (path: string, maxBytes: number) => Promise<Uint8Array | TooLarge | null>,
): Promise<tf.io.ModelArtifacts> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let budget = MAX_WEIGHT_BYTES;
  for (const group of json.weightsManifest ?? []) {
    const { bytes: expected, exact } = groupBytes(name, group.weights, budget);
    const bound = exact ? expected : budget;
    let got = 0;
    for (const p of group.paths) {
      const bytes = await read(p, bound - got);
      if (!bytes) throw new StudioError('missing-weights', `${name}: weight shard ${quote(p)} is missing`);
      const size = 'tooLarge' in bytes ? bytes.tooLarge : bytes.byteLength;
      if (got + size > bound) {
        const earlier = got ? `, ${got} of them in the shards before it` : '';
        throw new StudioError(
          'wrong-size',
          `${name}: weight shard ${quote(p)} holds ${size} bytes; the manifest declares ${expected} for ${group.paths.map(quote).join(', ')}${earlier}`,
        );
      }
      chunks.push(bytes as Uint8Array);
      got += size;
    }
    if (got < expected) {
      throw new StudioError('wrong-size', `${name}: weight shards ${group.paths.map(quote).join(', ')} hold ${got} bytes, the manifest needs ${expected}`);
    }
    budget -= got;
    specs.push(...group.weights);
  }
  const total = chunks.reduce((a, c) => a + c.byteLength, 0);
  const data = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    data.set(c, off);
    off += c.byteLength;
  }
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    weightSpecs: specs,
    weightData: data.buffer,
    signature: json.signature as tf.io.ModelArtifacts['signature'],
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
}

/** The real path of a path the user gave (symlinks resolved), or a StudioError. */
export async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new StudioError('not-found', `${path}: no such file`);
    throw new StudioError('read-failed', `${path}: cannot resolve (${code ?? 'error'})`);
  }
}

/** A shard in the model's folder, read only if it fits what is left of its group. */
async function readShard(dir: string, name: string, p: string, maxBytes: number): Promise<Uint8Array | TooLarge | null> {
  const label = `${name}: weight shard ${quote(p)}`;
  const real = await resolveInside(dir, p, label);
  if (!real) return null;
  try {
    return new Uint8Array(await readRegularFile(real, { maxBytes, label }));
  } catch (e) {
    // Over the bound: report its size (fstat said it is a regular file) so the caller names both sizes.
    if (e instanceof StudioError && e.code === 'too-large') {
      const st = await stat(real).catch(() => null);
      if (st) return { tooLarge: st.size };
    }
    throw e;
  }
}

export async function readModelFromDisk(path: string): Promise<{ json: ModelJson; artifacts: tf.io.ModelArtifacts }> {
  const real = await realPathOf(path);
  const text = await readRegularText(real, { maxBytes: MAX_MODEL_JSON_BYTES, label: path });
  if (text.length === 0) throw new StudioError('empty-file', `${path}: the model file is empty`);
  const json = parseModelJson(path, text);
  // Shards are looked up next to the real model.json, and must resolve inside that folder.
  const dir = dirname(real);
  return { json, artifacts: await assembleArtifacts(path, json, (p, max) => readShard(dir, path, p, max)) };
}

/** `main`: the uploaded model.json, as shared/model-files.ts found it by content (or the file to report on when none was). */
export async function readModelFromUploads(
  files: readonly UploadedFile[],
  main: UploadedFile,
): Promise<{ name: string; json: ModelJson; artifacts: tf.io.ModelArtifacts }> {
  if (main.bytes.byteLength > MAX_MODEL_JSON_BYTES)
    throw new StudioError('too-large', `${main.name}: ${main.bytes.byteLength} bytes, above the ${MAX_MODEL_JSON_BYTES}-byte limit`);
  const json = parseModelJson(main.name, new TextDecoder().decode(main.bytes));
  // Uploads are matched by base name only: they are what the user picked, so no path can reach further.
  const byName = new Map(files.map((f) => [basename(f.name), f.bytes]));
  const artifacts = await assembleArtifacts(main.name, json, async (p) => byName.get(basename(p)) ?? null);
  return { name: main.name, json, artifacts };
}

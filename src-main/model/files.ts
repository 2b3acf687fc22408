// Reads a tfjs model (model.json + weight shards) from disk or from uploaded
// bytes into tfjs ModelArtifacts, with checks that name the broken file:
// tfjs' own loaders assume fetch and report missing shards obscurely.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { UploadedFile } from '../api/types';

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8, string: 0 };

function entryBytes(w: tf.io.WeightsManifestEntry): number {
  const n = w.shape.reduce((a, b) => a * b, 1);
  const dtype = w.quantization?.dtype ?? w.dtype;
  return n * (DTYPE_BYTES[dtype] ?? 4);
}

export function parseModelJson(name: string, text: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StudioError('model-not-json', `${name}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const j = json as ModelJson;
  if (!j || typeof j !== 'object' || !j.modelTopology || !Array.isArray(j.weightsManifest)) {
    throw new StudioError('not-a-tfjs-model', `${name}: not a TensorFlow.js model (expected "modelTopology" and "weightsManifest")`);
  }
  return j;
}

/** Resolves shard bytes by manifest path; `read` returns null where a shard is absent. */
export async function assembleArtifacts(
  name: string,
  json: ModelJson,
  read: (path: string) => Promise<Uint8Array | null>,
): Promise<tf.io.ModelArtifacts> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    const expected = group.weights.reduce((a, w) => a + entryBytes(w), 0);
    let got = 0;
    for (const p of group.paths) {
      const bytes = await read(p);
      if (!bytes) throw new StudioError('missing-weights', `${name}: weight shard "${p}" is missing`);
      chunks.push(bytes);
      got += bytes.byteLength;
    }
    if (got < expected) {
      throw new StudioError('short-weights', `${name}: weight shards ${group.paths.join(', ')} hold ${got} bytes, the manifest needs ${expected}`);
    }
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

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
}

export async function readModelFromDisk(path: string): Promise<{ json: ModelJson; artifacts: tf.io.ModelArtifacts }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new StudioError('not-found', `${path}: cannot read the model file`);
  }
  if (text.length === 0) throw new StudioError('empty-file', `${path}: the model file is empty`);
  const json = parseModelJson(path, text);
  const dir = dirname(path);
  return { json, artifacts: await assembleArtifacts(path, json, (p) => readOrNull(join(dir, p))) };
}

export async function readModelFromUploads(files: UploadedFile[]): Promise<{ name: string; json: ModelJson; artifacts: tf.io.ModelArtifacts }> {
  const main = files.find((f) => f.name.endsWith('.json') && !f.name.endsWith('saliency-studio.json'));
  if (!main) throw new StudioError('no-model-json', 'no model.json among the files given');
  const json = parseModelJson(main.name, new TextDecoder().decode(main.bytes));
  const byName = new Map(files.map((f) => [basename(f.name), f.bytes]));
  const artifacts = await assembleArtifacts(main.name, json, async (p) => byName.get(basename(p)) ?? null);
  return { name: main.name, json, artifacts };
}

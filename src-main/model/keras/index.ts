// Keras model files opened directly, as ordinary tfjs LayersModels:
// - a full-model HDF5 (.h5/.hdf5: root attribute model_config + group
//   model_weights), written by Keras 1, Keras 2 / tf.keras or Keras 3's legacy writer;
// - a Keras 3 .keras zip (config.json, metadata.json, model.weights.h5);
// - a JSON config with a weights-only HDF5 beside it (model.to_json() +
//   save_weights), given as the pair or found in a folder.
// The file kind is recognised by its bytes, not its name. Nested models are
// inlined into one Functional model (flatten.ts), so that every layer of a
// nested trunk is a top-level layer the CAM family can target.
import { constants } from 'node:fs';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import { readRegularText } from '../../core/safe-read';
import { parseJsonQuietly } from '../files';
import { buildModel, withWeights } from './build';
import { type FlatMap, flattenTopology } from './flatten';
import { type Hdf5Reader, openHdf5 } from './hdf5';
import { translateModelConfig } from './translate';
import { loadLegacyWeights, type WeightUnit } from './weights';
import { loadKeras3Weights } from './weights-keras3';
import { readKerasArchive } from './zip';

export interface KerasModel {
  model: tf.LayersModel;
  /** As the file records it ('2.4.0', '3.1.1', '1.1.2'); '' when it records none. */
  kerasVersion: string;
  warnings: string[];
  /** Layers renamed when nested models were inlined: flat name → original path ('model1/conv'); empty when none were. */
  renamed: Record<string, string>;
}

export interface KerasLoadOptions {
  /** Inline nested models into one Functional model (default true); false builds them nested, as Keras does. */
  flatten?: boolean;
}

const MAX_JSON_BYTES = 64 * 1024 * 1024;
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const dedupe = (w: string[]): string[] => [...new Set(w)];

async function head(path: string, label: string): Promise<Buffer> {
  let fh;
  try {
    // O_NONBLOCK: a FIFO named as a model must not park the thread.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not-found', `${label}: no such file`);
    if (code === 'EISDIR') throw new StudioError('not-a-file', `${label}: is a folder, not a file`);
    throw new StudioError('read-failed', `${label}: cannot open (${code ?? 'error'})`);
  }
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

type Load = (m: tf.LayersModel, map: FlatMap | null) => number;

/** Builds the model from a Keras config object (nested models inlined unless `opts` says not) and fills it with `load`. */
async function assemble(config: unknown, kerasVersion: string, backend: string, label: string, opts: KerasLoadOptions, load: Load): Promise<KerasModel> {
  const warnings: string[] = [];
  const nested = translateModelConfig(config, kerasVersion, backend, label, warnings);
  const { topology, map } = opts.flatten === false ? { topology: nested, map: null } : flattenTopology(nested, warnings);
  const built = await buildModel(topology, label);
  const model = await withWeights(built, label, () => load(built, map));
  return { model, kerasVersion, warnings: dedupe(warnings), renamed: map?.renamed ?? {} };
}

/** The file's weight groups as units of the built model's layers: a nested model inlined is one group. */
const unitsOf = (model: tf.LayersModel, map: FlatMap | null): WeightUnit[] | undefined =>
  map?.units.map((u) => ({ name: u.name, layers: u.layers.map((n) => model.getLayer(n)) }));

/** Legacy weights (model_weights or a weights-only root), or a Keras 3 weights store. */
function loadAnyWeights(h5: Hdf5Reader, config: Json, model: tf.LayersModel, map: FlatMap | null, warnings: string[]): number {
  const root = h5.keys('') ?? [];
  if (root.includes('model_weights')) return loadLegacyWeights(model, h5, 'model_weights', warnings, unitsOf(model, map));
  if (h5.attr('', 'layer_names') !== null) return loadLegacyWeights(model, h5, '', warnings, unitsOf(model, map));
  if (root.includes('layers') || root.includes('_layer_checkpoint_dependencies')) return loadKeras3Weights(model, config, h5, map);
  throw new StudioError('missing-weights', `${h5.label}: holds no Keras weights (no layer_names, model_weights or layers)`);
}

async function loadHdf5Model(path: string, label: string, opts: KerasLoadOptions): Promise<KerasModel> {
  const h5 = await openHdf5(path, label);
  try {
    const text = h5.attr('', 'model_config');
    if (typeof text !== 'string') {
      const weightsOnly = h5.attr('', 'layer_names') !== null;
      const why = weightsOnly ? 'it holds weights only; load it with its JSON config' : 'not a Keras model file';
      throw new StudioError('not-a-model', `${label}: HDF5 without a model_config attribute: ${why}`);
    }
    const config = parseJsonQuietly(`${label} model_config`, text, 'bad-model');
    const version = str(h5.attr('', 'keras_version')) || str(h5.attr('model_weights', 'keras_version'));
    const backend = str(h5.attr('', 'backend')) || str(h5.attr('model_weights', 'backend'));
    const warnings: string[] = [];
    const out = await assemble(config, version, backend, label, opts, (m, map) => loadAnyWeights(h5, config as Json, m, map, warnings));
    return { ...out, warnings: dedupe([...out.warnings, ...warnings]) };
  } finally {
    h5.close();
  }
}

/** h5wasm opens files by path (its Node build reads the real file system), so the archive's weights go to a private temp file. */
async function withTempFile<T>(bytes: Uint8Array, f: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'saliency-keras-'));
  try {
    const path = join(dir, 'model.weights.h5');
    await writeFile(path, bytes, { mode: 0o600 });
    return await f(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadKerasArchive(path: string, label: string, opts: KerasLoadOptions): Promise<KerasModel> {
  const archive = await readKerasArchive(path, label);
  const config = parseJsonQuietly(`${label} config.json`, archive.config, 'bad-model');
  const meta = archive.metadata === null ? {} : parseJsonQuietly(`${label} metadata.json`, archive.metadata, 'bad-model');
  // A .keras file without a version is Keras 3's: the format did not exist before.
  const version = (isObj(meta) && str(meta.keras_version)) || '3';
  return withTempFile(archive.weights, async (tmp) => {
    const h5 = await openHdf5(tmp, `${label} model.weights.h5`);
    try {
      return await assemble(config, version, 'tensorflow', label, opts, (m, map) => loadKeras3Weights(m, config as Json, h5, map));
    } finally {
      h5.close();
    }
  });
}

/** A Keras .h5/.hdf5 full-model file or a .keras archive, told apart by their first bytes. */
export async function loadKerasFile(path: string, opts: KerasLoadOptions = {}): Promise<KerasModel> {
  const label = basename(path);
  const b = await head(path, label);
  if (b.length >= 2 && b[0] === 0x50 && b[1] === 0x4b) return loadKerasArchive(path, label, opts);
  // HDF5 with a user block has its signature later; openHdf5 looks for it and names a foreign file.
  return loadHdf5Model(path, label, opts);
}

/** A JSON model config (`model.to_json()`) and the weights-only HDF5 written by `save_weights`. */
export async function loadKerasJsonH5(configPath: string, weightsPath: string, opts: KerasLoadOptions = {}): Promise<KerasModel> {
  const label = basename(configPath);
  const json = parseJsonQuietly(label, await readRegularText(configPath, { maxBytes: MAX_JSON_BYTES, label }), 'bad-model');
  // to_json() gives {class_name, config, keras_version, backend}; some tools wrap it as {model_config: …}.
  const config = isObj(json) && isObj(json.model_config) ? json.model_config : json;
  const h5 = await openHdf5(weightsPath, basename(weightsPath));
  try {
    const version = (isObj(json) && str(json.keras_version)) || str(h5.attr('', 'keras_version'));
    const backend = (isObj(json) && str(json.backend)) || str(h5.attr('', 'backend'));
    const warnings: string[] = [];
    const out = await assemble(config, version, backend, label, opts, (m, map) => loadAnyWeights(h5, config as Json, m, map, warnings));
    return { ...out, warnings: dedupe([...out.warnings, ...warnings]) };
  } finally {
    h5.close();
  }
}

/**
 * The JSON + weights pair in a folder: exactly one .json file and one
 * .h5/.hdf5 file, else null (the caller reports what the folder lacks).
 */
export async function findKerasJsonH5(dir: string): Promise<{ configPath: string; weightsPath: string } | null> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const json = names.filter((n) => /\.json$/i.test(n));
  const h5 = names.filter((n) => /\.(h5|hdf5)$/i.test(n));
  return json.length === 1 && h5.length === 1 ? { configPath: join(dir, json[0]), weightsPath: join(dir, h5[0]) } : null;
}

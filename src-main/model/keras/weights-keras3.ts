// Weights of a Keras 3 model.weights.h5 into a built tfjs model. Keras 3
// (saving_lib._save_state) does not store weights under the layers' names:
// a Sequential or Functional saves the layers of its `layers` list under
// `layers/<snake_case(class)>`, numbered per class within that container in
// layer order (`conv2d`, `conv2d_1`, …), each leaf's variables as
// `vars/0..n-1` in the order trainable then non-trainable, and a nested
// model under its own `layers/…`. The config's layer names (conv2d_6) play
// no part; Keras ≥ 3.8 records them as a `name` attribute, checked here.
// A nested model inlined at load (flatten.ts) keeps its store paths: the walk
// follows the original config and finds its layers by their original path.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import { type FlatMap, pathKey } from './flatten';
import type { Hdf5Reader } from './hdf5';
import { CONTAINERS } from './translate';
import { assign } from './weights';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const q = (s: string): string => JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);

/** keras.src.utils.naming.to_snake_case. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The store path of each layer of one container's layer list, as _save_container_state names them. */
export function storePaths(prefix: string, classNames: string[]): string[] {
  const used = new Map<string, number>();
  return classNames.map((cls) => {
    let name = toSnakeCase(cls);
    const n = used.get(name);
    if (n === undefined) used.set(name, 0);
    else {
      used.set(name, n + 1);
      name = `${name}_${n + 1}`;
    }
    return `${prefix}/${name}`;
  });
}

interface Walk {
  h5: Hdf5Reader;
  /** 'layers', or '_layer_checkpoint_dependencies' in files written by tf.keras 2.13. */
  segment: string;
  written: number;
  map: FlatMap | null;
}

/** Where the walk is: inside a built (nested) model, or at a path of the original config in the flat model. */
interface Scope {
  model: tf.LayersModel;
  path: string[] | null;
}

/** The built layer of `name` in `scope`; null for a nested model that was inlined. */
function find(w: Walk, scope: Scope, name: string): tf.layers.Layer | null {
  const flat = scope.path && w.map ? w.map.paths.get(pathKey([...scope.path, name])) : name;
  if (flat === undefined) return null;
  try {
    return scope.model.getLayer(flat);
  } catch {
    throw new StudioError('bad-model', `${w.h5.label}: the built model has no layer ${q(name)}`);
  }
}

function leaf(w: Walk, layer: tf.layers.Layer, path: string, configName: string): void {
  const vars = `${path}/vars`;
  const keys = w.h5.keys(vars);
  if (keys === null) {
    if (layer.weights.length === 0) return;
    throw new StudioError('missing-weights', `${w.h5.label}: no weights at ${q(vars)} for layer ${q(configName)}`);
  }
  const owner = w.h5.attr(vars, 'name');
  if (typeof owner === 'string' && owner !== configName) {
    throw new StudioError('bad-model', `${w.h5.label}: weights at ${q(vars)} belong to layer ${q(owner)}, expected ${q(configName)}`);
  }
  const n = keys.filter((k) => /^\d+$/.test(k)).length;
  if (n !== keys.length || n !== layer.weights.length) {
    throw new StudioError(
      'bad-model',
      `${w.h5.label}: layer ${q(configName)} has ${keys.length} variables at ${q(vars)}, the model expects ${layer.weights.length}`,
    );
  }
  // Numbered 0..n-1 (HDF5 lists them as text: 0, 1, 10, 11, 2, …).
  layer.weights.forEach((v, i) => assign(w.h5, `${vars}/${i}`, v, configName));
  w.written += n;
}

function walk(w: Walk, scope: Scope, entry: Json, prefix: string, depth: number): void {
  const c = isObj(entry.config) ? entry.config : {};
  const layers = Array.isArray(c.layers) ? (c.layers as Json[]) : [];
  // Keras 3's Sequential.layers leaves out its InputLayer; a Functional's keeps it. Either way an
  // InputLayer only advances the `input_layer` counter, and holds no weights.
  const paths = storePaths(
    `${prefix}${prefix ? '/' : ''}${w.segment}`,
    layers.map((l) => String(l.class_name)),
  );
  layers.forEach((l, i) => {
    const cfg = isObj(l.config) ? l.config : {};
    const name = String(cfg.name ?? l.name);
    if (l.class_name === 'InputLayer') return;
    const sub = find(w, scope, name);
    const nested = CONTAINERS.has(String(l.class_name)) && depth < 32;
    if (nested && sub) walk(w, { model: sub as tf.LayersModel, path: null }, l, paths[i], depth + 1);
    else if (nested && scope.path) walk(w, { model: scope.model, path: [...scope.path, name] }, l, paths[i], depth + 1);
    else if (sub) leaf(w, sub, paths[i], name);
    else throw new StudioError('bad-model', `${w.h5.label}: the built model has no layer ${q(name)}`);
  });
}

/**
 * Loads a Keras 3 weights store into `model`, walking the original
 * (untranslated) config, whose layer order and class names fix the paths;
 * `map` is given when nested models were inlined. Returns how many variables were written.
 */
export function loadKeras3Weights(model: tf.LayersModel, config: Json, h5: Hdf5Reader, map: FlatMap | null = null): number {
  const root = h5.keys('') ?? [];
  const segment = !root.includes('layers') && root.includes('_layer_checkpoint_dependencies') ? '_layer_checkpoint_dependencies' : 'layers';
  const w: Walk = { h5, segment, written: 0, map };
  walk(w, { model, path: map ? [] : null }, config, '', 0);
  return w.written;
}

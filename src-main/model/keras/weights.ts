// Weights from a Keras HDF5 group into a built tfjs model. The legacy layout
// (Keras 1/2, and Keras 3's legacy .h5 writer; also weights-only files) keeps
// one group per top-level layer with a `weight_names` list, in the order of
// Keras' `layer.trainable_weights + layer.non_trainable_weights`, which is
// also tfjs' order: a nested model lists every trainable weight of its
// sublayers first and the BatchNormalization moving statistics at the end.
// A nested model inlined at load (flatten.ts) is still one group: its flat
// layers are gathered back into a unit in that same order.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { Hdf5Reader } from './hdf5';

type Variable = tf.LayerVariable;

const q = (s: string): string => JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);
const join = (...p: string[]): string => p.filter((s) => s !== '').join('/');

/** Reads the dataset at `path` and writes it into `v`, after checking that the shapes agree. */
export function assign(h5: Hdf5Reader, path: string, v: Variable, layer: string): void {
  const a = h5.floats(path);
  if (!a) throw new StudioError('missing-weights', `${h5.label}: layer ${q(layer)}: no weight at ${q(path)}`);
  const same = a.shape.length === v.shape.length && a.shape.every((d, i) => d === v.shape[i]);
  if (!same) {
    throw new StudioError(
      'bad-model',
      `${h5.label}: layer ${q(layer)}: weight ${q(path)} has shape [${a.shape.join(',')}], the model expects [${v.shape.join(',')}]`,
    );
  }
  const t = tf.tensor(a.values, a.shape, 'float32');
  try {
    v.write(t); // the variable takes its own reference
  } finally {
    t.dispose();
  }
}

/** One group of the file: a top-level layer of the original config, and the built layers it became. */
export interface WeightUnit {
  name: string;
  layers: tf.layers.Layer[];
}

/** A unit's weights in Keras' saving order (see the file comment): every trainable weight of its layers, then every other. */
const unitOrder = (u: WeightUnit): Variable[] => [...u.layers.flatMap((l) => l.trainableWeights), ...u.layers.flatMap((l) => l.nonTrainableWeights)];

/**
 * The file's names paired with the variables: by name where every stored
 * name (less its ":0") is a variable's name, else by position as Keras
 * itself loads them (Keras 1 and Keras 3 store bare or foreign names).
 */
function pair(names: string[], vars: Variable[]): Variable[] {
  const byName = new Map(vars.map((v) => [v.originalName, v]));
  const found = names.map((n) => byName.get(n.replace(/:\d+$/, '')));
  if (found.every((v) => v) && new Set(found).size === vars.length) return found as Variable[];
  return vars;
}

function strings(h5: Hdf5Reader, path: string, name: string): string[] {
  const v = h5.attr(path, name);
  if (v === null) return [];
  return typeof v === 'string' ? [v] : v;
}

/**
 * Loads a legacy weights group (`model_weights` of a full-model file, or the
 * root of a weights-only file) into `model`, whose layers are grouped as
 * `units` gives (by default each layer is its own). Returns how many variables were written.
 */
export function loadLegacyWeights(model: tf.LayersModel, h5: Hdf5Reader, root: string, warnings: string[], units?: WeightUnit[]): number {
  const layerNames = h5.attr(root, 'layer_names');
  if (!Array.isArray(layerNames)) throw new StudioError('missing-weights', `${h5.label}: no layer_names in ${q(root || '/')}: not a Keras weights file`);
  const stored = layerNames.filter((n) => strings(h5, join(root, n), 'weight_names').length > 0);
  const all = units ?? model.layers.map((l) => ({ name: l.name, layers: [l] }));
  const layers = all.filter((u) => unitOrder(u).length > 0);
  const storedSet = new Set(stored);
  let pairs: [WeightUnit, string][];
  if (layers.every((l) => storedSet.has(l.name))) pairs = layers.map((l) => [l, l.name]);
  else if (layers.length === stored.length) {
    // Keras' own rule (load_weights_from_hdf5_group): the layers with weights, in order.
    warnings.push(`${h5.label}: layer names differ from the config; weights matched by layer order`);
    pairs = layers.map((l, i) => [l, stored[i]]);
  } else {
    const missing = layers.find((l) => !storedSet.has(l.name));
    throw new StudioError(
      'missing-weights',
      `${h5.label}: no weights for layer ${q(missing?.name ?? '?')} (the file has ${stored.length} layers with weights, the model ${layers.length})`,
    );
  }
  const extra = stored.filter((n) => !pairs.some(([, g]) => g === n));
  if (extra.length) warnings.push(`${h5.label}: weights of ${extra.length} layer(s) not in the model ignored (${extra.slice(0, 3).join(', ')})`);
  let written = 0;
  for (const [layer, group] of pairs) {
    const names = strings(h5, join(root, group), 'weight_names');
    const vars = unitOrder(layer);
    if (names.length !== vars.length) {
      throw new StudioError('bad-model', `${h5.label}: layer ${q(layer.name)} has ${names.length} weights in the file, the model expects ${vars.length}`);
    }
    const targets = pair(names, vars);
    names.forEach((n, i) => assign(h5, join(root, group, n), targets[i], layer.name));
    written += names.length;
  }
  return written;
}

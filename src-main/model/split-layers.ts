// Splits a LayersModel at a layer into features(x) → A and head(A) → logits,
// with gradients flowing, for the CAM family. It walks the functional graph
// (not only Sequential stacks): the head re-applies each layer from A's output
// to the class-logits tensor. A layer downstream of A that also reads a tensor
// NOT downstream of A (a skip connection from before A) gets it from the
// features pass, which returns [A, ...side]. Re-applying layers calls the same
// layer instances, so gradient-mode.ts' patches keep working. A nested model is
// one layer here: it can be split after, not inside.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { ModelSplit } from './split';

type Sym = tf.SymbolicTensor;
interface GraphNode {
  inputTensors: Sym[];
  outputTensors: Sym[];
  inboundLayers: tf.layers.Layer[];
  callArgs?: Record<string, unknown>;
}

const nodesOf = (l: tf.layers.Layer): GraphNode[] => (l as unknown as { inboundNodes: GraphNode[] }).inboundNodes;
/** The node that computes t; null for model inputs (an InputLayer's node lists the input as its own input). */
const producer = (t: Sym): GraphNode | null => {
  const n = nodesOf(t.sourceLayer as tf.layers.Layer)[t.nodeIndex];
  return n && n.inboundLayers.length ? n : null;
};

/** Ids of every tensor the logits depend on (the logits included). */
function ancestors(logits: Sym): Set<number> {
  const seen = new Set<number>();
  const stack = [logits];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    stack.push(...(producer(t)?.inputTensors ?? []));
  }
  return seen;
}

const spatial = (s: (number | null)[]): boolean => s.length === 4 && (s[1] ?? 2) * (s[2] ?? 2) > 1;

/** The output of `layer` that feeds the logits and is spatial, if any. */
function spatialOutput(layer: tf.layers.Layer, feeds: Set<number>): Sym | null {
  if (layer.getClassName() === 'InputLayer') return null;
  for (const n of nodesOf(layer)) for (const o of n.outputTensors) if (feeds.has(o.id) && spatial(o.shape)) return o;
  return null;
}

/**
 * CAM-eligible layers: an output [n,h,w,c] with h·w > 1 from which the class
 * logits are reachable (input layers excluded). Names, in topological order.
 */
export function camEligibleLayers(model: tf.LayersModel, logits: Sym): string[] {
  const feeds = ancestors(logits);
  return model.layers.filter((l) => spatialOutput(l, feeds)).map((l) => l.name);
}

/** Evaluates `targets` given concrete values for some symbolic tensors (`known`, by id). */
function evaluate(targets: Sym[], known: Map<number, tf.Tensor>): tf.Tensor[] {
  const rec = (t: Sym): tf.Tensor => {
    const have = known.get(t.id);
    if (have) return have;
    const node = producer(t);
    if (!node) throw new StudioError('internal', `split: tensor ${t.name} is not computable from the given tensors`);
    const ins = node.inputTensors.map(rec);
    const layer = t.sourceLayer as tf.layers.Layer;
    const out = layer.apply(ins.length === 1 ? ins[0] : ins, node.callArgs ?? {}) as tf.Tensor | tf.Tensor[];
    const outs = Array.isArray(out) ? out : [out];
    node.outputTensors.forEach((o, i) => known.set(o.id, outs[i]));
    return known.get(t.id)!;
  };
  return targets.map(rec);
}

/** The split of `model` at `layerName`, towards the class-score tensor `logits`. */
export function splitLayers(model: tf.LayersModel, logits: Sym, layerName: string): ModelSplit {
  if (model.inputs.length !== 1) throw new StudioError('unsupported-model', `the model has ${model.inputs.length} inputs; CAM needs one image input`);
  const feeds = ancestors(logits);
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(layerName);
  } catch {
    throw new StudioError('unknown-layer', `the model has no layer "${layerName}"`);
  }
  const A = spatialOutput(layer, feeds);
  if (!A)
    throw new StudioError(
      'bad-layer',
      `layer "${layerName}" (output [${String(layer.outputShape)}]) is not a CAM target: it needs a spatial output [n,h,w,c] that feeds the class scores`,
    );
  // Which tensors depend on A; those that do not but are read downstream of A are side inputs.
  const memo = new Map<number, boolean>();
  const dependsOnA = (t: Sym): boolean => {
    if (t.id === A.id) return true;
    const m = memo.get(t.id);
    if (m != null) return m;
    const r = (producer(t)?.inputTensors ?? []).some(dependsOnA);
    memo.set(t.id, r);
    return r;
  };
  const side = new Map<number, Sym>();
  const walk = (t: Sym, seen = new Set<number>()): void => {
    if (t.id === A.id || seen.has(t.id)) return;
    seen.add(t.id);
    if (!dependsOnA(t)) side.set(t.id, t);
    else for (const i of producer(t)?.inputTensors ?? []) walk(i, seen);
  };
  walk(logits);
  const sides = [...side.values()];
  const input = model.inputs[0];
  return {
    layer: layerName,
    shape: A.shape.slice(1) as number[],
    features: (x) => evaluate([A, ...sides], new Map([[input.id, input.shape.length === 3 ? x.reshape(x.shape.slice(0, 3)) : x]])),
    head: (a, s) => evaluate([logits], new Map([[A.id, a as tf.Tensor], ...sides.map((t, i): [number, tf.Tensor] => [t.id, s[i]])]))[0] as tf.Tensor2D,
  };
}

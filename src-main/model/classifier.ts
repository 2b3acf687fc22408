// One model abstraction over LayersModel and GraphModel: pre-softmax class
// scores S_c (Simonyan et al. differentiate the unnormalised score), the layer
// list, and the class-score output of multi-output models.
import * as tf from '@tensorflow/tfjs';
import type { LayerInfo, ModelInfo } from '../api/types';
import { StudioError } from '../api/errors';
import { useGradientFriendlyLayers } from './gradient-mode';
import { camEligibleLayers } from './split';

export interface Classifier {
  format: ModelInfo['format'];
  inputShape: (number | null)[];
  inputHeight: number;
  inputWidth: number;
  inputChannels: number;
  numClasses: number;
  numOutputs: number;
  outputIndex: number;
  logitsFromSoftmax: boolean;
  layers: LayerInfo[];
  warnings: string[];
  /** NHWC image batch -> [n, classes] logits. Differentiable. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /** The underlying LayersModel (for layer-level methods), when there is one. */
  layersModel: tf.LayersModel | null;
  /** The GraphModel and the node names of its image input and class logits, when it is one. */
  graph?: { model: tf.GraphModel; inputName: string; logitsName: string };
  dispose(): void;
}

const DEFAULT_SIDE = 224;

function spatialFromInput(shape: (number | null)[], warnings: string[]): { h: number; w: number; c: number } {
  const bad = shape.slice(1).find((d) => d != null && !(Number.isInteger(d) && d > 0));
  if (bad !== undefined) throw new StudioError('unsupported-input', `model input shape [${shape.join(',')}] has a dimension that is not a positive integer (${bad})`);
  if (shape.length === 3) return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c: 1 };
  if (shape.length !== 4) throw new StudioError('unsupported-input', `model input shape [${shape.join(',')}] is not an image (expected [n,h,w] or [n,h,w,c])`);
  if (shape[1] == null || shape[2] == null) warnings.push(`input size is not fixed; using ${DEFAULT_SIDE}×${DEFAULT_SIDE}`);
  const c = shape[3] ?? 3;
  if (c !== 1 && c !== 3) throw new StudioError('unsupported-input', `model input has ${c} channels; only 1 (grey) and 3 (RGB) are supported`);
  return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c };
}

export function toModelRank(x: tf.Tensor4D, rank: number): tf.Tensor {
  return rank === 3 ? x.reshape([x.shape[0], x.shape[1], x.shape[2]]) : x;
}

function activationName(layer: tf.layers.Layer): string | null {
  const act = (layer as unknown as { activation?: { getClassName(): string } }).activation;
  return act ? act.getClassName().toLowerCase() : null;
}

function isSoftmaxLayer(layer: tf.layers.Layer): boolean {
  const cls = layer.getClassName();
  if (cls === 'Softmax') return true;
  if (cls === 'Activation') return (layer.getConfig() as { activation?: string }).activation === 'softmax';
  return false;
}

/** Picks the output that holds class scores: rank 2, softmax preferred, else the last rank-2 one. */
function pickOutput(model: tf.LayersModel, forced?: number): number {
  const n = model.outputs.length;
  if (forced != null) {
    if (forced < 0 || forced >= n) throw new StudioError('bad-output', `outputIndex ${forced} is out of range: the model has ${n} outputs`);
    return forced;
  }
  const rank2 = model.outputs.map((o, i) => (o.shape.length === 2 ? i : -1)).filter((i) => i >= 0);
  if (rank2.length === 0) throw new StudioError('no-class-output', 'no model output has the shape [batch, classes]');
  const soft = rank2.filter((i) => {
    const l = model.outputs[i].sourceLayer as tf.layers.Layer;
    return isSoftmaxLayer(l) || activationName(l) === 'softmax';
  });
  return (soft.length ? soft : rank2)[(soft.length ? soft : rank2).length - 1];
}

export function layersClassifier(model: tf.LayersModel, opts: { outputIndex?: number } = {}): Classifier {
  const warnings: string[] = [];
  const outputIndex = pickOutput(model, opts.outputIndex);
  const outLayer = model.outputs[outputIndex].sourceLayer as tf.layers.Layer;
  let logitsTensor = model.outputs[outputIndex];
  let logitsFromSoftmax = false;
  if (isSoftmaxLayer(outLayer)) {
    logitsTensor = outLayer.input as tf.SymbolicTensor;
    logitsFromSoftmax = true;
  } else if (activationName(outLayer) === 'softmax') {
    // The softmax is fused into the last layer: swap it for identity on our own
    // instance, so S_c is the pre-softmax score (probabilities come from softmax(S)).
    const linear = (tf.layers.dense({ units: 1 }) as unknown as { activation: unknown }).activation;
    (outLayer as unknown as { activation: unknown }).activation = linear;
    logitsFromSoftmax = true;
  }
  useGradientFriendlyLayers(model);
  // CAM targets: spatial layers the class logits depend on (model/split.ts).
  const camLayers = new Set(camEligibleLayers(model, logitsTensor));
  const sub = model.outputs.length === 1 && logitsTensor === model.outputs[0] ? model : tf.model({ inputs: model.inputs, outputs: logitsTensor });
  const inputShape = model.inputs[0].shape;
  const { h, w, c } = spatialFromInput(inputShape, warnings);
  const numClasses = logitsTensor.shape[1] ?? 0;
  return {
    format: 'layers-model',
    inputShape,
    inputHeight: h,
    inputWidth: w,
    inputChannels: c,
    numClasses,
    numOutputs: model.outputs.length,
    outputIndex,
    logitsFromSoftmax,
    layers: model.layers.map((l) => ({ name: l.name, className: l.getClassName(), outputShape: normShape(l.outputShape), camEligible: camLayers.has(l.name) })),
    warnings,
    logits: (x) => sub.apply(toModelRank(x, inputShape.length)) as tf.Tensor2D,
    layersModel: model,
    dispose: () => model.dispose(),
  };
}

function normShape(s: tf.Shape | tf.Shape[]): (number | null)[] {
  return Array.isArray(s[0]) ? (s[0] as (number | null)[]) : (s as (number | null)[]);
}

interface GraphNode {
  name: string;
  op: string;
  inputs: GraphNode[];
}

/** Nodes the logits depend on (the logits included), in no particular order. */
function graphAncestors(logits: GraphNode): GraphNode[] {
  const seen = new Map<string, GraphNode>();
  const stack = [logits];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.name)) continue;
    seen.set(n.name, n);
    stack.push(...n.inputs);
  }
  return [...seen.values()];
}

/**
 * Output shapes of the nodes that feed the logits, from one probe run on a
 * zero batch (constants and placeholders excluded). A node whose output is
 * [1,h,w,c] with h·w > 1 is a CAM target, as for layers (model/split-graph.ts).
 */
function probeGraphLayers(model: tf.GraphModel, logits: GraphNode, x: tf.Tensor): LayerInfo[] {
  const nodes = graphAncestors(logits).filter((n) => n.op !== 'Const' && n.op !== 'Placeholder');
  const outs = model.execute(x, nodes.map((n) => n.name)) as tf.Tensor[];
  const shapes = new Map(nodes.map((n, i) => [n.name, outs[i].shape]));
  tf.dispose(outs);
  return nodes.map((n) => {
    const shape = shapes.get(n.name) ?? [];
    return { name: n.name, className: n.op, outputShape: [null, ...shape.slice(1)], camEligible: shape.length === 4 && shape[1] * shape[2] > 1 && n !== logits };
  });
}

/** Orders probed nodes as the graph lists them (a topological order from the converter). */
function inGraphOrder(all: Record<string, GraphNode>, probed: LayerInfo[]): LayerInfo[] {
  const byName = new Map(probed.map((l) => [l.name, l]));
  return Object.keys(all).map((name) => byName.get(name) ?? { name, className: all[name].op, outputShape: [] });
}

export function graphClassifier(model: tf.GraphModel): Classifier {
  const warnings: string[] = [];
  const graph = (model as unknown as { executor: { graph: { outputs: GraphNode[]; nodes: Record<string, GraphNode> } } }).executor.graph;
  const outputs = graph.outputs;
  const outputIndex = outputs.length - 1;
  let outName = model.outputs[outputIndex].name;
  let logitsFromSoftmax = false;
  const outNode = outputs[outputIndex];
  if (outNode && outNode.op === 'Softmax' && outNode.inputs[0]) {
    outName = outNode.inputs[0].name;
    logitsFromSoftmax = true;
  }
  const inputShape = (model.inputs[0].shape ?? [null, null, null, 3]).map((d) => (d === -1 ? null : d));
  const { h, w, c } = spatialFromInput(inputShape, warnings);
  const zeros = tf.zeros(inputShape.length === 3 ? [1, h, w] : [1, h, w, c]);
  let layers: LayerInfo[];
  let probe: number[];
  try {
    const out = model.execute(zeros, outName) as tf.Tensor;
    probe = out.shape;
    out.dispose();
    const logitsNode = graph.nodes[outName.split(':')[0]];
    layers = logitsNode ? inGraphOrder(graph.nodes, probeGraphLayers(model, logitsNode, zeros)) : [];
  } finally {
    zeros.dispose();
  }
  if (probe.length !== 2) throw new StudioError('no-class-output', `graph output ${outName} has shape [${probe.join(',')}], not [batch, classes]`);
  return {
    format: 'graph-model',
    inputShape,
    inputHeight: h,
    inputWidth: w,
    inputChannels: c,
    numClasses: probe[1],
    numOutputs: outputs.length,
    outputIndex,
    logitsFromSoftmax,
    layers,
    warnings,
    logits: (x) => model.execute(toModelRank(x, inputShape.length), outName) as tf.Tensor2D,
    layersModel: null,
    graph: { model, inputName: model.inputs[0].name, logitsName: outName },
    dispose: () => model.dispose(),
  };
}

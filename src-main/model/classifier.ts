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
  dispose(): void;
}

const DEFAULT_SIDE = 224;

function spatialFromInput(shape: (number | null)[], warnings: string[]): { h: number; w: number; c: number } {
  if (shape.length === 3) return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c: 1 };
  if (shape.length !== 4) throw new StudioError('unsupported-input', `model input shape [${shape.join(',')}] is not an image (expected [n,h,w] or [n,h,w,c])`);
  if (shape[1] == null || shape[2] == null) warnings.push(`input size is not fixed; using ${DEFAULT_SIDE}×${DEFAULT_SIDE}`);
  const c = shape[3] ?? 3;
  if (c !== 1 && c !== 3) throw new StudioError('unsupported-input', `model input has ${c} channels; only 1 (grey) and 3 (RGB) are supported`);
  return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c };
}

function toModelRank(x: tf.Tensor4D, rank: number): tf.Tensor {
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
  const probe = tf.tidy(() => (model.execute(tf.zeros(inputShape.length === 3 ? [1, h, w] : [1, h, w, c]), outName) as tf.Tensor).shape);
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
    layers: Object.values(graph.nodes).map((n) => ({ name: n.name, className: n.op, outputShape: [] })),
    warnings,
    logits: (x) => model.execute(toModelRank(x, inputShape.length), outName) as tf.Tensor2D,
    layersModel: null,
    dispose: () => model.dispose(),
  };
}

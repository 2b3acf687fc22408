// The Classifier of a tfjs LayersModel: every capability. Its Keras layer
// graph is exposed read-only as `layerGraph`; backward rules, splits and
// randomised copies are done here, so no caller touches the LayersModel.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { unsupportedNonlinearities, withBackwardRule } from './backward-rules';
import type { HeadKind } from './head';
import type { Classifier, LayerGraph } from './classifier';
import { exportedForward } from './export-onnx/runtime';
import { useGradientFriendlyLayers } from './gradient-mode';
import { spatialFromInput, toModelRank } from './input-shape';
import { randomisableLayers, randomisedCopy, weightedLayers } from './layers-randomise';
import { ForwardSlot } from './onnx/ort-forward';
import type { ModelSplit } from './split';
import { camEligibleLayers, splitLayers } from './split-layers';

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

const isSigmoidLayer = (layer: tf.layers.Layer): boolean =>
  layer.getClassName() === 'Activation' && (layer.getConfig() as { activation?: string }).activation === 'sigmoid';

/** Picks the output that holds class scores: rank 2, softmax preferred, else the last rank-2 one. */
function pickOutput(model: tf.LayersModel, forced?: number): number {
  const n = model.outputs.length;
  if (forced != null) {
    if (forced < 0 || forced >= n) throw new StudioError('no-class-output', `outputIndex ${forced} is out of range: the model has ${n} outputs`);
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

function normShape(s: tf.Shape | tf.Shape[]): (number | null)[] {
  return Array.isArray(s[0]) ? (s[0] as (number | null)[]) : (s as (number | null)[]);
}

export function layersClassifier(model: tf.LayersModel, opts: { outputIndex?: number } = {}): Classifier {
  return build(model, pickOutput(model, opts.outputIndex));
}

/** Each built classifier's forward runtime slot, for layersClassifierWithRuntime. */
const fastOf = new WeakMap<Classifier, ForwardSlot>();

/**
 * layersClassifier, with forward-only passes on onnxruntime through our own
 * ONNX export (model/export-onnx) where it expresses the model and agrees with
 * tfjs; otherwise tfjs serves them and a warning says why. Randomised copies
 * stay on tfjs.
 */
export async function layersClassifierWithRuntime(model: tf.LayersModel, opts: { outputIndex?: number } = {}): Promise<Classifier> {
  const c = layersClassifier(model, opts);
  const dims = { h: c.inputHeight, w: c.inputWidth, c: c.inputChannels };
  fastOf.get(c)!.adopt(await exportedForward(c.layerGraph!, dims, (x) => c.logits(x)), c.warnings);
  return c;
}

/**
 * `inherited` is given for randomised copies: the original's fused softmax or
 * sigmoid was already swapped for identity and the copy's topology inherits
 * the swap, so the copy cannot see the activation itself.
 */
function build(model: tf.LayersModel, outputIndex: number, inherited?: { fromSoftmax: boolean; head: HeadKind; headKnown: boolean }): Classifier {
  const warnings: string[] = [];
  const outLayer = model.outputs[outputIndex].sourceLayer as tf.layers.Layer;
  let logitsTensor = model.outputs[outputIndex];
  let logitsFromSoftmax = false;
  let head: HeadKind = 'softmax';
  let headKnown = false;
  const fused = activationName(outLayer);
  if (isSoftmaxLayer(outLayer) || isSigmoidLayer(outLayer)) {
    logitsTensor = outLayer.input as tf.SymbolicTensor;
    logitsFromSoftmax = isSoftmaxLayer(outLayer);
    head = logitsFromSoftmax ? 'softmax' : 'sigmoid';
    headKnown = true;
  } else if (fused === 'softmax' || fused === 'sigmoid') {
    // The activation is fused into the last layer: swap it for identity on our own
    // instance, so S_c is the pre-activation score (probabilities come from model/head.ts).
    const linear = (tf.layers.dense({ units: 1 }) as unknown as { activation: unknown }).activation;
    (outLayer as unknown as { activation: unknown }).activation = linear;
    logitsFromSoftmax = fused === 'softmax';
    head = fused;
    headKnown = true;
  }
  if (inherited) ({ fromSoftmax: logitsFromSoftmax, head, headKnown } = inherited);
  useGradientFriendlyLayers(model);
  // CAM targets: spatial layers the class logits depend on (model/split-layers.ts).
  const camLayers = new Set(camEligibleLayers(model, logitsTensor));
  const sub = model.outputs.length === 1 && logitsTensor === model.outputs[0] ? model : tf.model({ inputs: model.inputs, outputs: logitsTensor });
  const inputShape = model.inputs[0].shape;
  const { h, w, c } = spatialFromInput(inputShape, warnings);
  const layerGraph: LayerGraph = { layers: model.layers, input: model.inputs[0], logits: logitsTensor, getLayer: (name) => model.getLayer(name) };
  const splits = new Map<string, ModelSplit>();
  const fast = new ForwardSlot();
  const self: Classifier = {
    format: 'layers-model',
    inputShape,
    inputHeight: h,
    inputWidth: w,
    inputChannels: c,
    numClasses: logitsTensor.shape[1] ?? 0,
    numOutputs: model.outputs.length,
    outputIndex,
    logitsFromSoftmax,
    head,
    headKnown,
    layers: model.layers.map((l) => ({ name: l.name, className: l.getClassName(), outputShape: normShape(l.outputShape), camEligible: camLayers.has(l.name) })),
    warnings,
    hasKerasWeights: true,
    supportsBackwardRules: true,
    supportsSplit: true,
    layerGraph,
    logits: (x) => sub.apply(toModelRank(x, inputShape.length)) as tf.Tensor2D,
    fastLogits: async (x) => (fast.runner ? ((await fast.runner.run(x)) as tf.Tensor2D) : tf.tidy(() => self.logits(x))),
    get forwardRuntime() {
      return fast.label;
    },
    split(layer) {
      // Cached per layer: the graph walk is the same every time.
      const hit = splits.get(layer) ?? splitLayers(model, logitsTensor, layer);
      splits.set(layer, hit);
      return hit;
    },
    randomisableLayers: () => randomisableLayers(model),
    randomisedCopy: async (layers, seed = 0) => {
      const copy = await randomisedCopy(model, layers === 'all' ? weightedLayers(model) : layers, seed);
      try {
        // The head as it stands now (a sidecar may have set it after load).
        return build(copy, outputIndex, { fromSoftmax: logitsFromSoftmax, head: self.head, headKnown: self.headKnown });
      } catch (e) {
        copy.dispose();
        throw e;
      }
    },
    // LayerVariable.read() is the tf.Variable itself, so an optimiser updates the model in place.
    trainableVariables: () => model.trainableWeights.map((v) => (v as unknown as { read(): tf.Variable }).read()),
    withBackwardRule: (rule, fn) => withBackwardRule(model, rule, fn),
    unsupportedNonlinearities: () => unsupportedNonlinearities(model),
    dispose: () => {
      fast.release();
      model.dispose();
    },
  };
  fastOf.set(self, fast);
  return self;
}

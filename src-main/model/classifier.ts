// One model interface over every format: pre-softmax class scores S_c
// (Simonyan et al. differentiate the unnormalised score), the layer list, the
// class-score output of multi-output models, and capabilities that callers
// ask for — never the format. One implementation per format, each in its own
// file (layers-classifier.ts, graph-classifier.ts); members a format cannot
// provide refuse with a named error (refusals.ts).
import type * as tf from '@tensorflow/tfjs';
import type { LayerInfo, ModelInfo, SegmentationRegion } from '../api/types';
import type { BackwardRule, Site } from './backward-rules';
import type { HeadKind } from './head';

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
  /** How probabilities follow from the logits: softmax, or independent sigmoids (multi-label). */
  head: HeadKind;
  /** The head was read from the model's last activation (else the output is raw logits and softmax is assumed). */
  headKnown: boolean;
  /** Layers (or graph nodes) with output shapes; camEligible marks split targets. */
  layers: LayerInfo[];
  warnings: string[];

  /** Layer weights with their initializers: randomisableLayers, randomisedCopy, trainableVariables. */
  hasKerasWeights: boolean;
  /** withBackwardRule: the nonlinearities' backward pass can be replaced for one call. */
  supportsBackwardRules: boolean;
  /** split: features(x) → A and head(A) → logits at any camEligible layer. */
  supportsSplit: boolean;
  /** The Keras layer graph, only where the model has one (LRP walks it, CAM reads its head). */
  layerGraph?: LayerGraph;
  /** A segmentation output [n,C,H,W]: the region its class scores sum over (absent for a classifier). */
  segmentation?: SegmentationRegion;

  /** NHWC image batch -> [n, classes] logits. Differentiable. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * The same logits on the fastest runtime that serves the model (onnxruntime
   * for an imported ONNX graph): forward-only, not differentiable. Absent, or
   * without a runtime, it is logits() — model/forward.ts picks.
   */
  fastLogits?(x: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** The runtime fastLogits uses, for info and the badge (absent: tfjs). */
  readonly forwardRuntime?: string;
  /**
   * ∂S_target/∂x of the pre-softmax score for an NHWC batch on a faster
   * runtime (onnxruntime, for an imported ONNX graph), or null where none
   * serves this call (under a backward rule, a segmentation score, a graph
   * the gradient builder refuses): the caller takes tfjs' gradient. The
   * caller disposes the result.
   */
  fastInputGradient?(x: tf.Tensor4D, target: number): Promise<tf.Tensor4D | null>;
  /** The runtime fastInputGradient uses, once it has served (absent: tfjs). */
  readonly gradientRuntime?: string;
  /** The model cut at `layer` (needs supportsSplit; model/split.ts' splitModel asks it). */
  split(layer: string): ModelSplit;
  /** Layers that own a kernel, from the output side down: the parameter-randomisation steps. */
  randomisableLayers(): string[];
  /**
   * A classifier over a copy with `layers` ('all': every layer with weights)
   * re-initialised by their own initializers, seeded; the other layers keep
   * their trained weights. Same class output, same logitsFromSoftmax. The
   * caller disposes it.
   */
  randomisedCopy(layers: readonly string[] | 'all', seed?: number): Promise<Classifier>;
  /** The trainable weights as variables (to re-train a randomised copy). */
  trainableVariables(): tf.Variable[];
  /** Runs `fn` (synchronous) with `rule` as the backward of every elementwise nonlinearity; returns the sites ruled. */
  withBackwardRule<T>(rule: BackwardRule, fn: () => T): { result: T; sites: Site[] };
  /**
   * Segmentation models: this model with S_k = class k's logit summed over
   * `region` — the predicted mask, every pixel, or a 0/1 mask [h,w] at any
   * resolution (resized nearest to the output's H×W). A view sharing the
   * weights: logits, split and randomised copies all give that score, so every
   * method explains it. Disposing it releases the view only; the caller
   * disposes it, and keeps `mask` to itself (the view holds its own copy).
   * A classifier refuses ('unsupported-model').
   */
  withTargetRegion?(region: SegmentationRegion | tf.Tensor2D): Classifier;
  /** Nonlinearities no rule reaches, as `name (Class)`, for errors and extras. */
  unsupportedNonlinearities(): string[];
  dispose(): void;
}

/** Read-only view of a Keras layer graph: the layers and the two tensors between which methods walk it. */
export interface LayerGraph {
  /** Every layer, in topological order. */
  readonly layers: readonly tf.layers.Layer[];
  /** The (symbolic) image input, in the model's own rank. */
  readonly input: tf.SymbolicTensor;
  /** The pre-softmax class-score tensor of the chosen output. */
  readonly logits: tf.SymbolicTensor;
  /** The layer of that name; throws if there is none. */
  getLayer(name: string): tf.layers.Layer;
}

/** A model cut at one layer, for the CAM family: features(x) → A, head(A) → logits. */
export interface ModelSplit {
  layer: string;
  /** A's shape without the batch axis, e.g. [14, 14, 256]. */
  shape: number[];
  /** x [n,H,W,C] → [A, ...side]: the layer's output and the skip tensors the head needs. */
  features(x: tf.Tensor4D): tf.Tensor[];
  /** (A, side) → pre-softmax logits [n, classes]; side rows must match A's batch. */
  head(A: tf.Tensor4D, side: tf.Tensor[]): tf.Tensor2D;
}

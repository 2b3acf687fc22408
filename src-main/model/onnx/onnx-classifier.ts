// The Classifier of an imported ONNX graph (graph.ts): pre-softmax logits by
// running the graph to the node before a final Softmax/LogSoftmax/Sigmoid, a
// split at any node with a spatial output (the graph fed the node's value),
// backward rules on its Relu/Clip/Sigmoid/… nodes, and randomised copies with
// PyTorch's initialisation. Images come in NHWC, which is how an NCHW graph
// input is held (value.ts): no transpose at the input.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { LayerInfo, SegmentationRegion } from '../../api/types';
import type { BackwardRule, Site } from '../backward-rules';
import type { Classifier, ModelSplit } from '../classifier';
import { quote } from '../files';
import { OnnxGraph } from './graph';
import { imageInput, logitsOf, readableName } from './graph-io';
import { nonlinearityOf } from './ops';
import type { OnnxModel } from './proto';
import { gradientSlotOf, type GradientSlot } from '../onnx-grad/input-gradient';
import { ForwardSlot, ortForward } from './ort-forward';
import type { ExternalReader } from './proto';
import { hasParameters, randomisedModel } from './randomise';
import { regionScores, targetRegionView, type ScoreRegion } from './target-region';
import { nhwcValue, plain, plainValue, type Value } from './value';

/** Ops a backward rule cannot reach, listed for errors (GELU's Erf, attention's Softmax, …). */
const UNRULED = new Set(['PRelu', 'Elu', 'Selu', 'Gelu', 'Erf', 'Softmax', 'Mish']);

interface Probe {
  layers: LayerInfo[];
  batchable: boolean;
  numClasses: number;
  /** A segmentation output's H×W (what a drawn target region is resized to). */
  outputSize: [number, number] | null;
}

interface Parts {
  graph: OnnxGraph;
  inputName: string;
  /** The image input is NCHW (held NHWC) rather than NHWC. */
  nchw: boolean;
  h: number;
  w: number;
  c: number;
  logits: string;
  head: string | null;
  label: string;
  /** Set for a segmentation output: how its per-pixel logits become class scores. */
  region: SegmentationRegion | null;
  /** A drawn target region (withTargetRegion's view), 0/1 at the output's H×W: replaces `region`. */
  drawn: tf.Tensor2D | null;
  /** Forward-only passes on onnxruntime (ort-forward.ts), shared by every view of the model. */
  fast: ForwardSlot;
  /** Input gradients on onnxruntime (onnx-grad/), for a plain NCHW classifier; null: tfjs only. */
  grad: GradientSlot | null;
}

export type { SegmentationRegion };

/** What a segmentation output's class scores sum over (target-region.ts). */
const scoreRegion = (p: Parts): ScoreRegion | null => p.drawn ?? p.region;

function toLogits(v: Value, n: number, label: string, region: ScoreRegion | null = null): tf.Tensor2D {
  const t = plain(v);
  if (region && t.rank === 4) return regionScores(t, region);
  const rest = t.shape.slice(1);
  // [n, C] or [n, C, 1, 1] (a classifier ending in a pool): class scores.
  if (t.shape[0] !== n || rest.slice(1).some((d) => d !== 1))
    throw new StudioError('no-class-output', `${label}: the class output has shape [${t.shape.join(',')}], not [batch, classes]`);
  return tf.reshape(t, [n, rest[0] ?? 1]) as tf.Tensor2D;
}

function runLogits(p: Parts, x: tf.Tensor4D, feeds: Record<string, Value> = {}): tf.Tensor2D {
  const n = x.shape[0];
  const input = p.nchw ? nhwcValue(x) : plainValue(x);
  return toLogits(p.graph.run({ [p.inputName]: input, ...feeds }, [p.logits], n)[0], n, p.label, scoreRegion(p));
}

/** Shapes of every value the logits depend on (one run at batch 1), and whether a batch of 2 equals two single runs. */
function probe(p: Parts): Probe {
  let result: Probe | null = null;
  tf.tidy(() => {
    const x1 = tf.randomUniform([1, p.h, p.w, p.c], 0, 1, 'float32', 1) as tf.Tensor4D;
    const x2 = tf.randomUniform([1, p.h, p.w, p.c], 0, 1, 'float32', 2) as tf.Tensor4D;
    const steps = p.graph.steps.filter((s) => s.node.outputs[0]);
    const names = steps.map((s) => s.node.outputs[0]);
    const input = p.nchw ? nhwcValue(x1) : plainValue(x1);
    const vals = p.graph.run({ [p.inputName]: input }, [p.logits, ...names], 1);
    const single = toLogits(vals[0], 1, p.label, scoreRegion(p));
    const out = plain(vals[0]).shape;
    const needed = ancestors(p, p.logits);
    const layers: LayerInfo[] = steps.flatMap((s, i) => {
      if (!needed.has(s.node.outputs[0])) return [];
      const v = vals[i + 1];
      const d = v.t.shape as number[];
      // Spatial values are described NHWC, as every format's layers are ([n,h,w,c]).
      const hwc = v.t.rank !== 4 ? d.slice(1) : v.nhwc ? d.slice(1) : [d[2], d[3], d[1]];
      const spatial = v.t.rank === 4 && hwc[0] * hwc[1] > 1;
      const info: LayerInfo = {
        name: s.node.name,
        label: readableName(s.node),
        className: s.node.op,
        outputShape: [null, ...hwc],
        camEligible: spatial && s.node.outputs[0] !== p.logits,
      };
      return [info];
    });
    let batchable = false;
    try {
      const both = runLogits(p, tf.concat([x2, x1]) as tf.Tensor4D);
      const a = single.dataSync();
      const b = both.slice([1, 0], [1, -1]).dataSync();
      const scale = Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      batchable = a.every((v, i) => Math.abs(v - b[i]) <= 1e-4 * scale + 1e-6);
    } catch {
      batchable = false;
    }
    result = { layers, batchable, numClasses: single.shape[1], outputSize: out.length === 4 ? [out[2], out[3]] : null };
  });
  return result!;
}

function ancestors(p: Parts, of: string): Set<string> {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const step = p.graph.producer.get(name);
    if (step) stack.push(...step.node.inputs.filter(Boolean));
  }
  return seen;
}

/** Whether `to` reaches the graph input by a path that avoids `cut` (a skip connection around it). */
function readsInputAround(p: Parts, to: string, cut: string): boolean {
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const name = stack.pop()!;
    if (name === cut || seen.has(name)) continue;
    seen.add(name);
    if (name === p.inputName) return true;
    const step = p.graph.producer.get(name);
    if (step) stack.push(...step.node.inputs.filter(Boolean));
  }
  return false;
}

function split(p: Parts, layers: LayerInfo[], name: string, logits: (x: tf.Tensor4D, feeds?: Record<string, Value>) => tf.Tensor2D): ModelSplit {
  const info = layers.find((l) => l.name === name);
  const step = p.graph.steps.find((s) => s.node.name === name);
  if (!info || !step) throw new StudioError('unknown-layer', `the graph has no node ${quote(name)}`);
  if (!info.camEligible)
    throw new StudioError(
      'bad-layer',
      `node ${quote(name)} (${info.className}, output [${info.outputShape.join(',')}]) is not a CAM target: it needs a spatial output that feeds the class scores`,
    );
  const cut = step.node.outputs[0];
  const needsImage = readsInputAround(p, p.logits, cut);
  return {
    layer: name,
    shape: info.outputShape.slice(1) as number[],
    features: (x) => {
      const input = p.nchw ? nhwcValue(x) : plainValue(x);
      const v = p.graph.run({ [p.inputName]: input }, [cut], x.shape[0])[0];
      const A = v.nhwc ? v.t : tf.transpose(v.t, [0, 2, 3, 1]);
      return needsImage ? [A, x.clone()] : [A];
    },
    head: (A, side) => {
      const n = A.shape[0];
      const feeds = { [cut]: nhwcValue(A) };
      if (needsImage) return logits(side[0] as tf.Tensor4D, feeds);
      return toLogits(p.graph.run(feeds, [p.logits], n)[0], n, p.label, scoreRegion(p));
    },
  };
}

export function onnxClassifier(
  model: OnnxModel,
  opts: { label: string; outputIndex?: number; known?: Probe; segmentationRegion?: SegmentationRegion },
): Classifier {
  const { label } = opts;
  const inp = imageInput(model, label);
  const outputIndex = opts.outputIndex ?? 0;
  const { name: logitsName, head } = logitsOf(model, outputIndex, label);
  const graph = new OnnxGraph(model, label);
  try {
    const out = model.outputs[outputIndex].dims;
    const segmentation = out.length === 4 && (out[2] ?? 2) * (out[3] ?? 2) > 1;
    const region = segmentation ? (opts.segmentationRegion ?? 'predicted') : null;
    const parts: Parts = {
      graph,
      inputName: inp.name,
      nchw: inp.nchw,
      h: inp.h,
      w: inp.w,
      c: inp.c,
      logits: logitsName,
      head,
      label,
      region,
      drawn: null,
      fast: new ForwardSlot(),
      grad: null,
    };
    const known = opts.known ?? probe(parts);
    return build(model, parts, known, outputIndex, inp.warnings);
  } catch (e) {
    graph.dispose();
    throw e;
  }
}

/**
 * onnxClassifier, with forward-only passes on onnxruntime where it runs the
 * graph and agrees with ours (ort-forward.ts); otherwise tfjs serves them and
 * a warning says why. Randomised copies stay on tfjs.
 */
export async function onnxClassifierWithRuntime(
  bytes: Uint8Array,
  model: OnnxModel,
  readExternal: ExternalReader | null,
  opts: { label: string; outputIndex?: number; segmentationRegion?: SegmentationRegion },
): Promise<Classifier> {
  const c = onnxClassifier(model, opts);
  const p = partsOf.get(c);
  if (!p || model.inputs[0]?.elemType !== 1) {
    if (p) c.warnings.push('forward passes run on tfjs: onnxruntime is used for float32 inputs only');
    return c;
  }
  const plan = { inputName: p.inputName, output: p.logits, nchw: p.nchw, h: p.h, w: p.w, c: p.c };
  // Row by row: the reference holds for graphs that pin their batch too.
  const row = (x: tf.Tensor4D): tf.Tensor => plain(p.graph.run({ [p.inputName]: p.nchw ? nhwcValue(x) : plainValue(x) }, [p.logits], 1)[0]);
  const reference = (x: tf.Tensor4D): tf.Tensor => tf.concat(tf.split(x, x.shape[0]).map((r) => row(r as tf.Tensor4D)));
  p.fast.adopt(await ortForward(bytes, plan, readExternal, reference), c.warnings);
  // The gradient graph reads NCHW images and plain class logits (a segmentation score sums over pixels: tfjs).
  if (p.fast.runner && p.nchw && !p.region) p.grad = gradientSlotOf(c, { bytes, readExternal, label: p.label, logits: p.logits });
  return c;
}

/** Each built classifier's parts, for onnxClassifierWithRuntime. */
const partsOf = new WeakMap<Classifier, Parts>();

function build(model: OnnxModel, p: Parts, known: Probe, outputIndex: number, inputWarnings: string[]): Classifier {
  const warnings = [...inputWarnings];
  if (!known.batchable) warnings.push('the graph pins its batch at 1 (a reshape or constant fixes it): methods run one image at a time');
  if (p.region)
    warnings.push(
      p.region === 'predicted'
        ? 'segmentation output: a class score is its logit summed over the pixels predicted as that class (Seg-Grad-CAM); probabilities are the softmax of those sums'
        : 'segmentation output: a class score is its logit summed over the whole image; probabilities are the softmax of those sums',
    );
  const logits = (x: tf.Tensor4D, feeds: Record<string, Value> = {}): tf.Tensor2D => {
    if (known.batchable || x.shape[0] === 1) return runLogits(p, x, feeds);
    const rows = tf.split(x, x.shape[0]).map((r, i) => {
      const f = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { t: tf.slice(v.t, i, 1), nhwc: v.nhwc }]));
      return runLogits(p, r as tf.Tensor4D, f);
    });
    return tf.concat(rows) as tf.Tensor2D;
  };
  // The sites, in node order; each site's forward is supplied per call by the node's kernel (graph.ts act).
  const sites: Site[] = p.graph.steps.flatMap((s) => {
    const nl = nonlinearityOf(s.node, p.graph.constantsOf(s.node));
    return nl ? [{ index: 0, layer: s.node.name, ...nl, f: (x: tf.Tensor) => x }] : [];
  });
  sites.forEach((s, i) => (s.index = i));
  const weighted = (): string[] =>
    p.graph.steps
      .filter((s) => hasParameters(s.node, model))
      .map((s) => s.node.name)
      .reverse();
  const self: Classifier = {
    format: 'onnx',
    inputShape: p.nchw ? [null, p.c, p.h, p.w] : [null, p.h, p.w, p.c],
    inputHeight: p.h,
    inputWidth: p.w,
    inputChannels: p.c,
    numClasses: known.numClasses,
    numOutputs: model.outputs.length,
    outputIndex,
    logitsFromSoftmax: p.head === 'Softmax' || p.head === 'LogSoftmax',
    head: p.head === 'Sigmoid' ? 'sigmoid' : 'softmax',
    headKnown: p.head !== null,
    layers: known.layers,
    warnings,
    hasKerasWeights: true,
    supportsBackwardRules: true,
    supportsSplit: true,
    logits: (x) => logits(x),
    split: (name) => split(p, known.layers, name, logits),
    randomisableLayers: weighted,
    randomisedCopy: async (layers, seed = 0) => {
      const chosen = new Set(layers === 'all' ? weighted() : layers);
      const copy = onnxClassifier(randomisedModel(model, chosen, seed), { label: p.label, outputIndex, known, segmentationRegion: p.region ?? undefined });
      // The head as it stands now (a sidecar may have set it after load), not as the file says.
      copy.head = self.head;
      copy.headKnown = self.headKnown;
      return copy;
    },
    trainableVariables: () => [...p.graph.weights],
    withBackwardRule: (rule: BackwardRule, fn) => {
      if (p.graph.ruled) throw new StudioError('busy', `a backward rule is already active on this model (nested ${rule.name})`);
      p.graph.ruled = { rule, sites: new Map(sites.map((s) => [s.layer, s])) };
      try {
        return { result: fn(), sites: sites.map((s) => ({ ...s })) };
      } finally {
        p.graph.ruled = null;
      }
    },
    ...(p.region && {
      segmentation: p.region,
      // Views over the same graph and runtime (target-region.ts): a view's dispose releases only what the view made.
      withTargetRegion: (region: SegmentationRegion | tf.Tensor2D) =>
        targetRegionView(self, region, known.outputSize!, (r, drawn) => build(model, { ...p, region: r, drawn }, known, outputIndex, inputWarnings)),
    }),
    fastLogits: async (x) => {
      const r = p.fast.runner;
      if (!r) return tf.tidy(() => logits(x));
      const raw = await r.run(x);
      try {
        return tf.tidy(() => toLogits(plainValue(raw), x.shape[0], p.label, scoreRegion(p)));
      } finally {
        raw.dispose();
      }
    },
    get forwardRuntime() {
      return p.fast.label;
    },
    // Not under a backward rule: those replace tfjs' gradients of the nonlinearities.
    fastInputGradient: async (x, t) => (p.grad && !p.graph.ruled && !p.region && !p.drawn ? p.grad.gradient(x, t) : null),
    get gradientRuntime() {
      return p.grad?.label;
    },
    unsupportedNonlinearities: () =>
      p.graph.steps.filter((s) => UNRULED.has(s.node.op) && s.node.outputs[0] !== p.logits).map((s) => `${s.node.name} (${s.node.op})`),
    dispose: () => {
      p.fast.release();
      void p.grad?.release();
      p.graph.dispose();
    },
  };
  partsOf.set(self, p);
  return self;
}

// The CAM template (anchor: pytorch-grad-cam base_cam.py). The base owns the
// forward pass to the chosen layer(s), the target score S_c (pre-softmax), the
// gradient ∂S_c/∂A, the weighted sum Σ_k w_k A_k, the ReLU, and the bilinear
// upsampling to the model input; a variant supplies only its channel weights
// (`weights`, like get_cam_weights) or its whole native-resolution map (`map`).
//
// Stable API (Score-CAM / Ablation-CAM build on it):
//   camMethod(descriptor, variant) → Method
//   runCam(ctx, variant)           → MethodOutput (for composites, e.g. Guided Grad-CAM)
//   CamVariant / CamInputs          (below)
// Tensor ownership: the template disposes A, grads and whatever `weights`/`map`
// return; a variant disposes its own intermediates (tf.tidy for sync parts).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { MethodDescriptor } from '../../api/types';
import { autoCamLayer, type ModelSplit, splitModel } from '../../model/split';
import type { ExplainContext, Method, MethodOutput } from '../types';

export interface CamInputs {
  ctx: ExplainContext;
  layer: string;
  /** Activations of ctx.input at the layer, [1, h, w, K]. */
  A: tf.Tensor4D;
  /** ∂S_target/∂A, [1, h, w, K]; null when the variant sets `gradients: false`. */
  grads: tf.Tensor4D | null;
  /** Model input size [H, W]. */
  inputSize: [number, number];
  /** The split itself (features from any input batch, head from activations). */
  split: ModelSplit;
  /** Activations [n, h, w, K] → logits [n, classes]; skip tensors from ctx.input broadcast over n. */
  head(A: tf.Tensor4D): tf.Tensor2D;
  /** head(A)[:, target], [n]. */
  score(A: tf.Tensor4D): tf.Tensor1D;
  /** Activations and ∂S_target/∂A for an input batch x [n, H, W, C] (rows independent). */
  activationsAndGrads(x: tf.Tensor4D): { A: tf.Tensor4D; grads: tf.Tensor4D };
  /** [n, h, w, c] → [n, H, W, c], bilinear with half-pixel centres (cv2.resize's convention). */
  upsample(maps: tf.Tensor4D): tf.Tensor4D;
  /** Min-max normalises each (n, c) map to [0, 1] (constant maps → 0). */
  normalise(maps: tf.Tensor4D): tf.Tensor4D;
}

export interface CamVariant {
  /** Whether the base computes ∂S_c/∂A (false for Eigen-CAM, Score-CAM…). Default true. */
  gradients?: boolean;
  /** Channel weights w_k, [K]; the map is ReLU(Σ_k w_k A_k). */
  weights?(inp: CamInputs): tf.Tensor1D | Promise<tf.Tensor1D>;
  /** Or the whole native map before ReLU, [h, w]. */
  map?(inp: CamInputs): tf.Tensor2D | Promise<tf.Tensor2D>;
  /** The layer to use when none is named, if not the model's automatic CAM layer (CAM: the layer its head pools). */
  autoLayer?(ctx: ExplainContext): string;
}

export { autoCamLayer };

export type CamDescriptor = Omit<MethodDescriptor, 'family' | 'needsLayer' | 'usesGradients'> & { usesGradients?: boolean };

/** The layers named in ctx.layer (comma-separated), else the variant's or the model's automatic CAM layer. */
export function camLayers(ctx: ExplainContext, variant: CamVariant = {}): string[] {
  const named = (ctx.layer ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (named.length) return named;
  if (variant.autoLayer) return [variant.autoLayer(ctx)];
  const auto = autoCamLayer(ctx.model.layers);
  if (!auto) throw new StudioError('no-cam-layer', 'the model has no layer with a spatial output that feeds the class scores: give one with --layer');
  return [auto];
}

const upsampleTo =
  (size: [number, number]) =>
  (m: tf.Tensor4D): tf.Tensor4D =>
    tf.image.resizeBilinear(m, size, false, true);

function normaliseMaps(m: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const lo = m.min([1, 2], true);
    const range = m.max([1, 2], true).sub(lo);
    return m.sub(lo).div(range.add(tf.scalar(1e-12)).where(range.greater(0), tf.onesLike(range))) as tf.Tensor4D;
  });
}

const pickTarget = (logits: tf.Tensor2D, target: number): tf.Tensor1D => logits.mul(tf.oneHot([target], logits.shape[1])).sum(1) as tf.Tensor1D;

/** One layer: the native map ReLU(Σ_k w_k A_k) (or the variant's map), [h, w]. Caller disposes. */
async function layerCam(ctx: ExplainContext, variant: CamVariant, layer: string): Promise<tf.Tensor2D> {
  const split = splitModel(ctx.model, layer);
  const [H, W] = [ctx.input.shape[1], ctx.input.shape[2]];
  const feats = tf.tidy(() => split.features(ctx.input));
  const [A, side] = [feats[0] as tf.Tensor4D, feats.slice(1)];
  const broadcast = (n: number): tf.Tensor[] => side.map((s) => (n === s.shape[0] ? s : tf.tile(s, [n, ...s.shape.slice(1).map(() => 1)])));
  const head = (a: tf.Tensor4D): tf.Tensor2D => split.head(a, broadcast(a.shape[0]));
  const score = (a: tf.Tensor4D): tf.Tensor1D => pickTarget(head(a), ctx.target);
  const activationsAndGrads = (x: tf.Tensor4D): { A: tf.Tensor4D; grads: tf.Tensor4D } => {
    const [a, ...s] = tf.tidy(() => split.features(x));
    const grads = tf.tidy(() => tf.grad((t: tf.Tensor) => pickTarget(split.head(t as tf.Tensor4D, s), ctx.target).sum())(a) as tf.Tensor4D);
    tf.dispose(s);
    return { A: a as tf.Tensor4D, grads };
  };
  const grads = variant.gradients === false ? null : tf.tidy(() => tf.grad((t: tf.Tensor) => score(t as tf.Tensor4D).sum())(A) as tf.Tensor4D);
  const inp: CamInputs = {
    ctx,
    layer,
    A,
    grads,
    inputSize: [H, W],
    split,
    head,
    score,
    activationsAndGrads,
    upsample: upsampleTo([H, W]),
    normalise: normaliseMaps,
  };
  try {
    let raw: tf.Tensor2D;
    if (variant.map) raw = await variant.map(inp);
    else if (variant.weights) {
      const w = await variant.weights(inp);
      raw = tf.tidy(() => A.mul(w).sum(3).squeeze([0]) as tf.Tensor2D);
      w.dispose();
    } else throw new StudioError('internal', 'a CAM variant needs weights or map');
    const cam = tf.tidy(() => tf.relu(raw) as tf.Tensor2D);
    raw.dispose();
    return cam;
  } finally {
    tf.dispose([A, ...side, ...(grads ? [grads] : [])]);
  }
}

/**
 * Runs a variant on every layer of ctx.layer. One layer: the raw upsampled map.
 * Several: each upsampled map is scaled to max 1 first (their scales differ;
 * base_cam.py normalises per layer too), then they are averaged. `grid` is the
 * native map of the first layer.
 */
export async function runCam(ctx: ExplainContext, variant: CamVariant): Promise<MethodOutput> {
  ctx.signal.check();
  const layers = camLayers(ctx, variant);
  const [H, W] = [ctx.input.shape[1], ctx.input.shape[2]];
  let sum: tf.Tensor2D | null = null;
  let grid: MethodOutput['grid'];
  for (const layer of layers) {
    const cam = await layerCam(ctx, variant, layer);
    if (!grid) grid = { data: (await cam.data()) as Float32Array, shape: [cam.shape[0], cam.shape[1]], layer };
    const up = tf.tidy(() => {
      let u = upsampleTo([H, W])(cam.expandDims(0).expandDims(3) as tf.Tensor4D).reshape([H, W]) as tf.Tensor2D;
      if (layers.length > 1) u = u.div(u.max().maximum(1e-12));
      return (sum ? sum.add(u) : u) as tf.Tensor2D;
    });
    cam.dispose();
    sum?.dispose();
    sum = up;
    ctx.signal.check();
  }
  const mean = tf.tidy(() => sum!.div(layers.length));
  sum!.dispose();
  const map = (await mean.data()) as Float32Array;
  mean.dispose();
  ctx.progress(1, 1);
  return { map, shape: [H, W], grid, extras: { layer: layers.join(',') } };
}

/** A CAM-family Method from a descriptor and a variant. */
export function camMethod(d: CamDescriptor, variant: CamVariant): Method {
  return { ...d, family: 'activation', needsLayer: true, usesGradients: d.usesGradients ?? variant.gradients !== false, run: (ctx) => runCam(ctx, variant) };
}

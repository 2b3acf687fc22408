// Shared pieces of the path methods (Integrated Gradients, GradientSHAP, the
// noise tunnel): reference inputs ("baselines"), batched class-score gradients
// and a seeded host PRNG.
//
// Baselines live in the model's input space. The input arrives already
// preprocessed, and the built-in baselines are derived from it so they work for
// any model, whatever its preprocessing. Documented choice: black =
// the per-channel minimum of this input, white = the per-channel maximum (for a
// natural image with a black and a white pixel these are exactly what the
// preset maps 0 and 1 to, whatever the preset — unit, signed, imagenet, caffe;
// tf.zerosLike would be mid-grey or worse under imagenet/caffe). Per channel
// rather than global, so that imagenet's per-channel scaling stays in range.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { loadImageFile } from '../io/load';
import { preprocess } from '../model/preprocess';
import { gaussianBlur, type TensorBlurOptions } from '../numerics/image-ops';
import type { Classifier } from '../model/classifier';
import { mulberry32 } from '../shared/random';
import { classScoreGradient } from './saliency';
import type { ParamSpec, PreprocessSpec } from '../api/types';

export const BASELINES = ['black', 'white', 'blur', 'noise', 'mean'] as const;

/** The reference-input parameters of every baseline method (IG, DeepLIFT), written once. */
export const BASELINE_PARAMS: ParamSpec[] = [
  {
    name: 'baseline',
    type: 'enum',
    default: 'black',
    options: [...BASELINES],
    help: 'Reference input: black/white = per-channel min/max of this input, blur = Gaussian (σ = 5% of the side), noise = seeded uniform over the range, mean = per-channel mean.',
  },
  {
    name: 'baselineImage',
    type: 'string',
    default: '',
    help: 'Path to an image used as the baseline instead (preprocessed as the model input is); overrides `baseline` when set.',
  },
];
export type BaselineKind = (typeof BASELINES)[number];

export function isBaselineKind(s: string): s is BaselineKind {
  return (BASELINES as readonly string[]).includes(s);
}

/** Per-channel [min, max] of a [1,h,w,c] input, each shaped [1,1,1,c]. */
export function channelRange(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => [x.min([0, 1, 2], true) as tf.Tensor4D, x.max([0, 1, 2], true) as tf.Tensor4D]);
}

/** The blur baseline: σ = 5% of the longer side (at least ½ px), radius ⌈3σ⌉ below
 * that side, as a normalised convolution — borders keep their brightness instead
 * of fading to 0. The default route suits it: for a 224² image the 69-tap
 * convolutions take 40 ms on wasm, the two banded matrix products 5 ms. */
export function baselineBlur(h: number, w: number): TensorBlurOptions {
  const sigma = Math.max(0.5, 0.05 * Math.max(h, w));
  return { sigma, truncate: 3, rounding: 'ceil', maxRadius: Math.max(1, Math.max(h, w) - 1), border: 'renormalise' };
}

/** A [1,h,w,c] baseline of the given kind for input x; the caller disposes it. */
export function makeBaseline(kind: BaselineKind, x: tf.Tensor4D, seed = 0): tf.Tensor4D {
  return tf.tidy(() => {
    const [lo, hi] = channelRange(x);
    switch (kind) {
      case 'black':
        return lo.add(tf.zerosLike(x)) as tf.Tensor4D;
      case 'white':
        return hi.add(tf.zerosLike(x)) as tf.Tensor4D;
      case 'blur':
        return gaussianBlur(x, baselineBlur(x.shape[1], x.shape[2]));
      case 'noise':
        return tf.randomUniform(x.shape, 0, 1, 'float32', seed).mul(hi.sub(lo)).add(lo) as tf.Tensor4D;
      case 'mean':
        return x.mean([0, 1, 2], true).add(tf.zerosLike(x)) as tf.Tensor4D;
    }
  });
}

/** Loads an image file as a baseline at the input's size. The model's own
 * preprocess spec is not in ExplainContext, so this uses {unit, stretch}. */
export async function loadBaselineImage(path: string, x: tf.Tensor4D, spec: PreprocessSpec = { preset: 'unit', resize: 'stretch' }): Promise<tf.Tensor4D> {
  const [, h, w, c] = x.shape;
  try {
    const img = await loadImageFile(path);
    return preprocess(img, spec, h, w, c);
  } catch (e) {
    throw new StudioError('bad-param', `baselineImage "${path}": ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/** ∂S_target/∂x for each row of an [n,h,w,c] batch. The rows are independent
 * at inference, so the gradient of the summed score is the per-row gradient. */
export function batchScoreGradient(model: Classifier, xs: tf.Tensor4D, target: number): tf.Tensor4D {
  return classScoreGradient((x) => model.logits(x), xs, target);
}

/**
 * batchScoreGradient on the model's fastest gradient runtime (onnxruntime for
 * an imported ONNX graph, Classifier.fastInputGradient), else tfjs. Async, so
 * call it outside a tidy; the caller disposes the result.
 */
export async function scoreGradient(model: Classifier, xs: tf.Tensor4D, target: number): Promise<tf.Tensor4D> {
  return (await model.fastInputGradient?.(xs, target)) ?? batchScoreGradient(model, xs, target);
}

/** S_target for each row of an [n,h,w,c] batch, as [n]. */
export function batchScore(model: Classifier, xs: tf.Tensor4D, target: number): tf.Tensor1D {
  return tf.tidy(() => {
    const l = model.logits(xs);
    return l.mul(tf.oneHot([target], l.shape[1])).sum(1) as tf.Tensor1D;
  });
}

/** A seeded PRNG for host-side draws (α, baseline choice). */
export const rng = mulberry32;

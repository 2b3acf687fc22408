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
import type { Classifier } from '../model/classifier';
import { mulberry32 } from '../shared/random';
import { classScoreGradient } from './saliency';
import type { PreprocessSpec } from '../api/types';

export const BASELINES = ['black', 'white', 'blur', 'noise', 'mean'] as const;
export type BaselineKind = (typeof BASELINES)[number];

export function isBaselineKind(s: string): s is BaselineKind {
  return (BASELINES as readonly string[]).includes(s);
}

/** Per-channel [min, max] of a [1,h,w,c] input, each shaped [1,1,1,c]. */
export function channelRange(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => [x.min([0, 1, 2], true) as tf.Tensor4D, x.max([0, 1, 2], true) as tf.Tensor4D]);
}

/** Normalised Gaussian taps for σ = 5% of the longer side of an h×w image. */
function blurTaps(h: number, w: number): { r: number; g: number[] } {
  const sigma = Math.max(0.5, 0.05 * Math.max(h, w));
  const r = Math.max(1, Math.min(Math.ceil(3 * sigma), Math.max(h, w) - 1));
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const s = k.reduce((a, b) => a + b, 0);
  return { r, g: k.map((v) => v / s) };
}

/** The 1-D blur of n samples as an [n, n] matrix: row i holds the taps that fall inside 0..n−1, rescaled to sum 1. */
function blurMatrix(n: number, r: number, g: number[]): tf.Tensor2D {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    let mass = 0;
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) mass += g[j - i + r];
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) m[i * n + j] = g[j - i + r] / mass;
  }
  return tf.tensor2d(m, [n, n]);
}

/** Sides up to this use the matrix form (a 1024² matrix is 4 MB). */
const MATRIX_BLUR_MAX = 1024;

/** Gaussian blur with σ = 5% of the longer side, as a normalised convolution:
 * dividing by the blurred all-ones image undoes the zero padding, so borders
 * keep their brightness instead of fading to 0. The normalised blur is
 * separable, each axis a banded matrix with rows summing to 1, applied as two
 * matrix products: the 69-tap depthwise convolutions of a 224² image take
 * 40 ms on wasm, the products 5 ms. Larger images keep the convolutions. */
export function gaussianBlur(x: tf.Tensor4D, matrixMax = MATRIX_BLUR_MAX): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const { r, g } = blurTaps(h, w);
    if (Math.max(h, w) <= matrixMax) {
      // Rows: [h, n·w·c]; then columns: [w, n·h·c].
      const rows = tf.matMul(blurMatrix(h, r, g), tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]));
      const byCol = tf.reshape(tf.transpose(tf.reshape(rows, [h, n, w, c]), [2, 1, 0, 3]), [w, n * h * c]);
      const cols = tf.matMul(blurMatrix(w, r, g), byCol);
      return tf.transpose(tf.reshape(cols, [w, n, h, c]), [1, 2, 0, 3]) as tf.Tensor4D;
    }
    const gt = tf.tensor1d(g);
    const kv = tf.tile(gt.reshape([2 * r + 1, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const kh = tf.tile(gt.reshape([1, 2 * r + 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const blur = (t: tf.Tensor4D): tf.Tensor4D => tf.depthwiseConv2d(tf.depthwiseConv2d(t, kv, 1, 'same'), kh, 1, 'same');
    return blur(x).div(blur(tf.onesLike(x))) as tf.Tensor4D;
  });
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
        return gaussianBlur(x);
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

/** S_target for each row of an [n,h,w,c] batch, as [n]. */
export function batchScore(model: Classifier, xs: tf.Tensor4D, target: number): tf.Tensor1D {
  return tf.tidy(() => {
    const l = model.logits(xs);
    return l.mul(tf.oneHot([target], l.shape[1])).sum(1) as tf.Tensor1D;
  });
}

/** A seeded PRNG for host-side draws (α, baseline choice). */
export const rng = mulberry32;

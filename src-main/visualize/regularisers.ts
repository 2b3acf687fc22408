// Regularisers from the feature-visualisation literature, each a pure tensor
// function on a [1,h,w,c] image: jitter (Mordvintsev et al. 2015), Gaussian
// blur every k steps and clipping of low-norm / low-contribution pixels
// (Yosinski et al. 2015), total variation (Mahendran & Vedaldi 2015). Jitter
// and blur are numerics/image-ops' roll and gaussianBlur; here are the blur's
// options.
import * as tf from '@tensorflow/tfjs';
import type { TensorBlurOptions } from '../numerics/image-ops';

/**
 * Yosinski et al.'s blur as this app has always applied it: radius ⌈3σ⌉,
 * mirrored borders without repeating the edge (so the border does not darken
 * towards zero), on the convolutions it always used so that runs reproduce
 * (the matrix route is faster on wasm but changes the last bits). A radius past
 * the shorter side is cut there with σ = r/3 — once a limit of tf.mirrorPad,
 * kept for the same reason; a blur that wide is flat anyway.
 */
export function regulariserBlur(sigma: number, h: number, w: number): TensorBlurOptions {
  const full = Math.ceil(3 * sigma);
  const r = Math.min(full, h - 1, w - 1);
  return { sigma: r === full ? sigma : r / 3, truncate: 3, rounding: 'ceil', border: 'reflect', route: 'conv' };
}

/** Squared-difference total variation Σ (x[i+1,j] − x[i,j])² + (x[i,j+1] − x[i,j])². */
export function totalVariation(x: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const dy = x.slice([0, 1, 0, 0], [-1, h - 1, -1, -1]).sub(x.slice([0, 0, 0, 0], [-1, h - 1, -1, -1]));
    const dx = x.slice([0, 0, 1, 0], [-1, -1, w - 1, -1]).sub(x.slice([0, 0, 0, 0], [-1, -1, w - 1, -1]));
    return dy.square().sum().add(dx.square().sum()) as tf.Scalar;
  });
}

/**
 * Zeroes the pixels whose score (per-pixel, [1,h,w,1]) is below its `pct`
 * percentile (0…100). The threshold is found with topk, on the device.
 */
export function clipBelowPercentile(x: tf.Tensor4D, score: tf.Tensor4D, pct: number): tf.Tensor4D {
  if (!(pct > 0)) return x.clone();
  return tf.tidy(() => {
    const flat = score.reshape([-1]) as tf.Tensor1D;
    const n = flat.shape[0];
    const keep = Math.max(1, Math.min(n, Math.round(n * (1 - pct / 100))));
    const thr = tf.topk(flat, keep).values.min();
    return x.mul(score.greaterEqual(thr).cast('float32'));
  });
}

/** Yosinski's pixel norm: the L2 norm over channels, [1,h,w,1]. */
export function pixelNorm(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => x.square().sum(3, true).sqrt() as tf.Tensor4D);
}

/** Yosinski's contribution: |Σ_c x ⊙ ∂S/∂x|, a first-order estimate of what zeroing the pixel costs. */
export function pixelContribution(x: tf.Tensor4D, grad: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => x.mul(grad).sum(3, true).abs() as tf.Tensor4D);
}

// Regularisers from the feature-visualisation literature, each a pure tensor
// function on a [1,h,w,c] image: jitter (Mordvintsev et al. 2015), Gaussian
// blur every k steps and clipping of low-norm / low-contribution pixels
// (Yosinski et al. 2015), total variation (Mahendran & Vedaldi 2015).
import * as tf from '@tensorflow/tfjs';

/** Circular shift by (dy, dx) pixels; roll(roll(x, a, b), −a, −b) = x. */
export function roll(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    let y = x;
    const sy = ((dy % h) + h) % h;
    const sx = ((dx % w) + w) % w;
    if (sy) y = tf.concat([y.slice([0, h - sy, 0, 0], [-1, sy, -1, -1]), y.slice([0, 0, 0, 0], [-1, h - sy, -1, -1])], 1);
    if (sx) y = tf.concat([y.slice([0, 0, w - sx, 0], [-1, -1, sx, -1]), y.slice([0, 0, 0, 0], [-1, -1, w - sx, -1])], 2);
    return y;
  });
}

/** Normalised 1-D Gaussian taps, radius ⌈3σ⌉. */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k.map((v) => v / s);
}

/** Separable Gaussian blur with mirrored borders (so the border does not darken towards zero). */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  if (!(sigma > 0)) return x.clone();
  return tf.tidy(() => {
    const [, h, w, c] = x.shape;
    const taps = gaussianKernel(sigma);
    // mirrorPad needs padding < the side; a blur that wide is flat anyway.
    const r = Math.min((taps.length - 1) / 2, h - 1, w - 1);
    const k = taps.length === 2 * r + 1 ? taps : gaussianKernel(r / 3);
    const kv = tf.tensor4d(Array.from({ length: c }, () => Array.from(k)).flat(), [c, k.length, 1, 1]).transpose([1, 2, 0, 3]) as tf.Tensor4D; // [k,1,c,1]
    const kh = kv.reshape([1, k.length, c, 1]) as tf.Tensor4D;
    const p = tf.mirrorPad(x, [[0, 0], [r, r], [r, r], [0, 0]], 'reflect');
    return tf.depthwiseConv2d(tf.depthwiseConv2d(p, kv, 1, 'valid'), kh, 1, 'valid');
  });
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

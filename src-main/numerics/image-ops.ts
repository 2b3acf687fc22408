// The app's image operations: circular shift and one separable Gaussian blur.
// The blur's semantics — σ in pixels, how the kernel is truncated, what lies
// beyond the border — are options, never implicit, because the callers follow
// different references (scipy.ndimage for Felzenszwalb, the feature-vis
// literature for the class-model regulariser, a normalised convolution for the
// blur baseline) and each keeps its numbers. Taps and borders are defined once
// (gaussianTaps, the 1-D band); the three routes (host arrays, matrix products,
// convolutions) only choose where the same sums are computed.
// A leaf: imports nothing from the app but tfjs.
import { StudioError } from '../api/errors';
import * as tf from '@tensorflow/tfjs';

/** Circular shift of [n,h,w,c] by (dy, dx) pixels, either sign; roll(roll(x, a, b), −a, −b) = x. Always a new tensor. */
export function roll(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const sy = ((dy % h) + h) % h;
    const sx = ((dx % w) + w) % w;
    let t: tf.Tensor4D = x;
    if (sy) t = tf.concat([t.slice([0, h - sy, 0, 0], [-1, sy, -1, -1]), t.slice([0, 0, 0, 0], [-1, h - sy, -1, -1])], 1);
    if (sx) t = tf.concat([t.slice([0, 0, w - sx, 0], [-1, -1, sx, -1]), t.slice([0, 0, 0, 0], [-1, -1, w - sx, -1])], 2);
    // A clone, so a caller may dispose the result without freeing its input.
    return t === x ? x.clone() : t;
  });
}

/**
 * What the kernel sees beyond the border (numpy.pad / tf.mirrorPad names):
 * - 'symmetric': d c b a | a b c d, the edge repeated (scipy.ndimage's 'reflect');
 * - 'reflect': d c b | a b c d, the edge not repeated (scipy.ndimage's 'mirror');
 * - 'zero': zeros (edges darken towards 0);
 * - 'renormalise': taps outside are dropped and the rest rescaled to sum 1
 *   (a normalised convolution: a constant stays constant up to the border).
 * Mirrored borders repeat periodically, so any radius works on any size.
 */
export type Border = 'symmetric' | 'reflect' | 'zero' | 'renormalise';

export interface BlurOptions {
  /** Standard deviation in pixels (callers convert their own units); ≤ 0 or NaN returns a copy. */
  sigma: number;
  /** Kernel radius in units of σ. */
  truncate: number;
  /** Radius from truncate·σ: 'round' = ⌊t·σ + ½⌋ (scipy.ndimage), 'ceil' = ⌈t·σ⌉. */
  rounding: 'round' | 'ceil';
  /** Upper bound on the radius in pixels; the taps kept are normalised after the cut. */
  maxRadius?: number;
  border: Border;
}

export interface TensorBlurOptions extends BlurOptions {
  /** 'matrix': two banded [n,n] products, fast for wide kernels on small images; 'conv': depthwise
   * convolutions, for narrow kernels and large images. Default: 'matrix' up to 1024 px a side (a 4 MB matrix). */
  route?: 'matrix' | 'conv';
}

/** Normalised 1-D Gaussian taps (float64), 2r + 1 of them. */
export function gaussianTaps(o: Pick<BlurOptions, 'sigma' | 'truncate' | 'rounding' | 'maxRadius'>): Float64Array {
  const { sigma, truncate } = o;
  if (!(sigma > 0) || !(truncate > 0)) return Float64Array.of(1);
  const full = o.rounding === 'ceil' ? Math.ceil(truncate * sigma) : Math.floor(truncate * sigma + 0.5);
  const r = Math.max(0, Math.min(full, o.maxRadius ?? full));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/** Source index of position i on an axis of n samples, or −1 where the border supplies zeros. */
function borderIndex(i: number, n: number, border: Border): number {
  if (i >= 0 && i < n) return i;
  if (border === 'symmetric') {
    const p = 2 * n;
    const m = ((i % p) + p) % p;
    return m < n ? m : p - 1 - m;
  }
  if (border === 'reflect') {
    if (n === 1) return 0;
    const p = 2 * n - 2;
    const m = ((i % p) + p) % p;
    return m < n ? m : p - m;
  }
  return -1;
}

/** The 1-D blur of n samples: for output i, entries start[i]…start[i+1] − 1 (source index, weight), in tap order. */
interface Band {
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

function band(n: number, taps: Float64Array, border: Border): Band {
  const r = (taps.length - 1) / 2;
  const start = new Int32Array(n + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = index.length;
    let mass = 0;
    for (let t = -r; t <= r; t++) {
      const j = borderIndex(i + t, n, border);
      if (j < 0) continue;
      index.push(j);
      weight.push(taps[t + r]);
      mass += taps[t + r];
    }
    if (border === 'renormalise') for (let e = start[i]; e < index.length; e++) weight[e] /= mass;
  }
  start[n] = index.length;
  return { start, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/** Separable Gaussian blur of one HWC image on the host, summed in float64 (horizontal pass first). */
export function gaussianBlurHwc(img: Float32Array, h: number, w: number, c: number, opts: BlurOptions): Float32Array {
  if (img.length !== h * w * c) throw new StudioError('internal', `gaussianBlurHwc: image has ${img.length} values, expected ${h}×${w}×${c}`);
  if (!(opts.sigma > 0)) return img.slice();
  const taps = gaussianTaps(opts);
  const pass = (src: Float32Array, horizontal: boolean): Float32Array => {
    const { start, index, weight } = band(horizontal ? w : h, taps, opts.border);
    const dst = new Float32Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = horizontal ? x : y;
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          for (let e = start[p]; e < start[p + 1]; e++) acc += weight[e] * src[horizontal ? (y * w + index[e]) * c + ch : (index[e] * w + x) * c + ch];
          dst[(y * w + x) * c + ch] = acc;
        }
      }
    }
    return dst;
  };
  return pass(pass(img, true), false);
}

/** The band as a dense [n, n] float32 matrix (summed in float64 where mirrored taps fold onto one pixel). */
function bandMatrix(n: number, taps: Float64Array, border: Border): tf.Tensor2D {
  const { start, index, weight } = band(n, taps, border);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let e = start[i]; e < start[i + 1]; e++) m[i * n + index[e]] += weight[e];
  return tf.tensor2d(Float32Array.from(m), [n, n]);
}

/** Gathers the border around axis 1 and 2 so a 'valid' convolution sees it. */
function padBorder(x: tf.Tensor4D, r: number, border: Border): tf.Tensor4D {
  const [, h, w] = x.shape;
  const idx = (n: number): tf.Tensor1D =>
    tf.tensor1d(
      Array.from({ length: n + 2 * r }, (_, i) => borderIndex(i - r, n, border)),
      'int32',
    );
  return tf.gather(tf.gather(x, idx(h), 1), idx(w), 2) as tf.Tensor4D;
}

/** Separable Gaussian blur of an [n,h,w,c] tensor (vertical pass first); the caller disposes the result. */
export function gaussianBlur(x: tf.Tensor4D, opts: TensorBlurOptions): tf.Tensor4D {
  if (!(opts.sigma > 0)) return x.clone();
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const taps = gaussianTaps(opts);
    const r = (taps.length - 1) / 2;
    const route = opts.route ?? (Math.max(h, w) <= 1024 ? 'matrix' : 'conv');
    if (route === 'matrix') {
      // Rows: [h, n·w·c]; then columns: [w, n·h·c].
      const rows = tf.matMul(bandMatrix(h, taps, opts.border), tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]));
      const byCol = tf.reshape(tf.transpose(tf.reshape(rows, [h, n, w, c]), [2, 1, 0, 3]), [w, n * h * c]);
      const cols = tf.matMul(bandMatrix(w, taps, opts.border), byCol);
      return tf.transpose(tf.reshape(cols, [w, n, h, c]), [1, 2, 0, 3]) as tf.Tensor4D;
    }
    const gt = tf.tensor1d(Float32Array.from(taps));
    const kv = tf.tile(gt.reshape([2 * r + 1, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const kh = tf.tile(gt.reshape([1, 2 * r + 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    if (opts.border === 'symmetric' || opts.border === 'reflect') {
      return tf.depthwiseConv2d(tf.depthwiseConv2d(padBorder(x, r, opts.border), kv, 1, 'valid'), kh, 1, 'valid');
    }
    const blur = (t: tf.Tensor4D): tf.Tensor4D => tf.depthwiseConv2d(tf.depthwiseConv2d(t, kv, 1, 'same'), kh, 1, 'same');
    // Zero padding; renormalise divides by the blurred all-ones image, the in-image mass of each output.
    return opts.border === 'zero' ? blur(x) : (blur(x).div(blur(tf.onesLike(x))) as tf.Tensor4D);
  });
}

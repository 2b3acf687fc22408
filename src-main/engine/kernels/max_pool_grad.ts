// MaxPoolGrad on wasm, replacing the stock kernel, whose C++ starts the running
// max at numeric_limits<float>::min() (the smallest *positive* float): a window
// with no positive value sent its gradient nowhere or to the wrong pixel (and
// ties went to the last max). Semantics are the cpu backend's (maxPoolPositions):
// each window's gradient goes to its first maximum in row-major window order;
// padding never wins; a window whose max is -Infinity gets none. For finite dy
// and non-NaN x the result equals cpu's; NaN/Inf in dy are not modelled.
//
// Built only from ops that are fast on wasm: XNNPACK elementwise ops, native
// Transpose (rank <= 4) and Cumprod. Avoided: Equal/Select (scalar C++ loops,
// ~20x slower than Sub/Step/Mul here), Slice (copies its whole input through JS
// on every call), and rank-5 Transpose/DepthToSpace (100x slower than rank 4).
import * as tf from '@tensorflow/tfjs';
import { composedKernel, padOrCrop, withStockFallback } from './util';

type Shape4 = [number, number, number, number];

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const FLT_MAX = 3.4028234663852886e38;

const poolInfo = (shape: Shape4, a: Attrs): tf.backend_util.Conv2DInfo =>
  tf.backend_util.computePool2DInfo(shape, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);

/** Rank-4 float32 with dy and output exactly the pool's output shape; anything else stays with the stock kernel. */
function handles(inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): boolean {
  const { dy, input, output } = inputs;
  if (!dy || !input || !output || input.shape.length !== 4) return false;
  if ([dy, input, output].some((t) => t.dtype !== 'float32')) return false;
  const out = poolInfo(input.shape as Shape4, attrs as unknown as Attrs).outShape;
  return out.every((d, i) => d === dy.shape[i] && d === output.shape[i]);
}

/** [N, hc*sh, wc*sw, C] -> [sh*sw, N*hc*wc*C], row a*sw+b holding x[:, a::sh, b::sw]: two rank<=4 transposes. */
function toPhases(xp: tf.Tensor4D, sh: number, sw: number): tf.Tensor2D {
  const [n, hh, ww, c] = xp.shape;
  const [hc, wc] = [hh / sh, ww / sw];
  let t: tf.Tensor = xp;
  if (sw > 1) t = tf.transpose(tf.reshape(t, [n * hh * wc, sw, c]), [1, 0, 2]); // [b, (n r a q), c]
  if (sh > 1) t = tf.transpose(tf.reshape(t, [sw, n * hc, sh, wc * c]), [2, 0, 1, 3]); // [a, b, (n r), (q c)]
  return tf.reshape(t, [sh * sw, -1]);
}

/** The inverse of toPhases. */
function fromPhases(p: tf.Tensor, [n, hh, ww, c]: Shape4, sh: number, sw: number): tf.Tensor4D {
  const [hc, wc] = [hh / sh, ww / sw];
  let t = p;
  if (sh > 1) t = tf.transpose(tf.reshape(t, [sh, sw, n * hc, wc * c]), [1, 2, 0, 3]); // [b, (n r), a, (q c)]
  if (sw > 1) t = tf.transpose(tf.reshape(t, [sw, n * hh * wc, c]), [1, 0, 2]); // [(n r a q), b, c]
  return tf.reshape(t, [n, hh, ww, c]);
}

/** 1 where a tap is below its window's max, 0 where it equals it (padding is -Infinity: always 1). */
const belowMax = (taps: tf.Tensor, max: tf.Tensor): tf.Tensor => tf.step(tf.sub(max, tf.clipByValue(taps, -Infinity, FLT_MAX))); // XNNPACK clamp; Minimum is a slow scalar loop

const composed = composedKernel<Attrs>(tf.MaxPoolGrad, (inputs, attrs) => {
  const x = inputs.input as tf.Tensor4D;
  const info = poolInfo(x.shape, attrs);
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const {
    outHeight: oh,
    outWidth: ow,
    padInfo: { top, left },
  } = info;
  const [n, h, w, c] = x.shape;
  // The padded frame every tap reads, rounded up to whole stride phases.
  const [hc, wc] = [Math.ceil(((oh - 1) * sh + fh) / sh), Math.ceil(((ow - 1) * sw + fw) / sw)];
  const frame: Shape4 = [n, hc * sh, wc * sw, c];
  // -Infinity padding never reaches the max. (Not NaN: stock wasm Pad caches its XNNPACK
  // op by pad value, NaN matches every key, and all later zero pads would fill with NaN.)
  const xp = padOrCrop(
    x,
    [
      [0, 0],
      [top, frame[1] - h - top],
      [left, frame[2] - w - left],
      [0, 0],
    ],
    -Infinity,
  );
  // Clamped to finite: a -Infinity window then matches nothing (as on cpu) and +Inf still matches +Inf taps.
  const max = tf.clipByValue(tf.reshape(inputs.output, [1, -1]), -FLT_MAX, FLT_MAX);
  const dy = tf.reshape(inputs.dy, [1, -1]);
  let grads: tf.Tensor;
  if (fh === sh && fw === sw) {
    // Non-overlapping windows (the usual 2x2/2): the phases are the taps, in window order,
    // so one cumprod down the stack finds each window's first max.
    const below = belowMax(toPhases(xp as tf.Tensor4D, sh, sw), max);
    const noneYet = tf.cumprod(below, 0, true);
    grads = tf.mul(tf.sub(noneYet, tf.mul(noneYet, below)), dy);
  } else {
    // Overlapping windows: taps are shifted phases; route dy tap by tap, first max first.
    const phases = toPhases(xp as tf.Tensor4D, sh, sw);
    const sums: tf.Tensor[][] = Array.from({ length: sh * sw }, () => []);
    let rest: tf.Tensor = dy;
    for (let i = 0; i < fh; i++) {
      for (let j = 0; j < fw; j++) {
        const [k, u, v] = [(i % sh) * sw + (j % sw), Math.floor(i / sh), Math.floor(j / sw)];
        const phase = tf.reshape(tf.slice(phases, [k, 0], [1, -1]), [n, hc, wc * c]);
        const tap = tf.reshape(tf.slice(phase, [0, u, v * c], [n, oh, ow * c]), [1, -1]);
        const left = tf.mul(rest, belowMax(tap, max));
        const g = tf.reshape(tf.sub(rest, left), [n, oh, ow, c]);
        rest = left;
        // The transposed tap arrangement: g lands at coarse offset (u, v) of phase k.
        sums[k].push(
          padOrCrop(g, [
            [0, 0],
            [u, hc - oh - u],
            [v, wc - ow - v],
            [0, 0],
          ]),
        );
      }
    }
    grads = tf.concat(
      sums.map((s) => tf.reshape(s.length === 0 ? tf.zeros([n, hc, wc, c]) : s.length === 1 ? s[0] : tf.addN(s), [1, -1])),
      0,
    );
  }
  // Back to the input frame; rows no window reads get zeros.
  const dxp = fromPhases(grads, frame, sh, sw);
  return padOrCrop(dxp, [
    [0, 0],
    [-top, h + top - frame[1]],
    [-left, w + left - frame[2]],
    [0, 0],
  ]);
});

export const maxPoolGradConfig = withStockFallback(composed, handles);

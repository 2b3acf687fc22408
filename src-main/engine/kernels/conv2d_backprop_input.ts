// Conv2DBackpropInput on wasm, replacing the stock kernel (naive C++ loops,
// ~9x slower): the input gradient is a stride-1 conv2d (XNNPACK) of dy, with
// the filter flipped spatially and its in/out channels swapped. Strides above 1
// go by phases (phases.ts); stride 1 pads dy, and a pointwise filter is a
// matrix product. NCHW and shape quirks go to the stock kernel. The derived
// filters are cached per weight tensor (derived-filters.ts).
import * as tf from '@tensorflow/tfjs';
import type { ConvBackpropAttrs } from './conv2d_backprop_filter';
import { derivedFilter } from './derived-filters';
import { dyForPhases, forEachPhaseTap, interleavePhases, phaseCount, type PhasePlan, phasePlan } from './phases';
import { composedKernel, dyForInputGradient, withStockFallback } from './util';

type Shape4 = [number, number, number, number];

interface Attrs extends Omit<ConvBackpropAttrs, 'filterShape'> {
  dataFormat: 'NHWC' | 'NCHW';
  inputShape: Shape4;
}

function convInfo(attrs: Attrs, filterShape: Shape4): tf.backend_util.Conv2DInfo {
  const { strides, pad, dimRoundingMode, inputShape } = attrs;
  return tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false);
}

/** NHWC float32 with dy exactly the forward output shape; anything else stays with the stock kernel. */
function handles(inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): boolean {
  const a = attrs as unknown as Attrs;
  const { dy, filter } = inputs;
  if (!dy || !filter) return false;
  if (a.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return false;
  if (dy.shape.length !== 4 || filter.shape.length !== 4 || a.inputShape?.length !== 4) return false;
  const out = convInfo(a, filter.shape as Shape4).outShape;
  return out.every((d, i) => d === dy.shape[i]);
}

/**
 * reverse(filter, [0, 1]) with in/out channels swapped: [fh, fw, cin, cout] -> [fh, fw, cout, cin].
 * Flipping both spatial axes reverses the flattened taps, done as a matmul by the anti-identity:
 * wasm's Reverse takes ~8 ms on a 3x3x64x512 filter, this ~0.4 ms (exact for finite weights).
 */
function flipAndSwap(filter: tf.Tensor4D): tf.Tensor4D {
  const [fh, fw, cin, cout] = filter.shape;
  const k = fh * fw;
  let taps: tf.Tensor = tf.reshape(filter, [k, cin * cout]);
  if (k > 1) {
    const anti = new Float32Array(k * k);
    for (let i = 0; i < k; i++) anti[i * k + k - 1 - i] = 1;
    taps = tf.matMul(tf.tensor2d(anti, [k, k]), taps);
  }
  return tf.reshape(tf.transpose(tf.reshape(taps, [k, cin, cout]), [0, 2, 1]), [fh, fw, cout, cin]);
}

/** The phase filter [J_h, J_w, cout, s_h·s_w·cin]: phase p's sub-filter in output channels p·cin … p·cin + cin − 1. */
function phaseFilter(filter: tf.Tensor4D, info: tf.backend_util.Conv2DInfo, plan: PhasePlan): tf.Tensor4D {
  const [, fw, cin, cout] = filter.shape;
  const w = filter.dataSync();
  const outC = phaseCount(plan) * cin;
  const f = new Float32Array(plan.jh * plan.jw * cout * outC);
  forEachPhaseTap(info, plan, (th, tw, my, mx, p) => {
    for (let ci = 0; ci < cin; ci++) {
      const src = ((th * fw + tw) * cin + ci) * cout;
      const dst = (my * plan.jw + mx) * cout * outC + p * cin + ci;
      for (let co = 0; co < cout; co++) f[dst + co * outC] = w[src + co];
    }
  });
  return tf.tensor4d(f, [plan.jh, plan.jw, cout, outC]);
}

const composed = composedKernel<Attrs>(tf.Conv2DBackpropInput, (inputs, attrs) => {
  const filter = inputs.filter as tf.Tensor4D;
  const dy = inputs.dy as tf.Tensor4D;
  const info = convInfo(attrs, filter.shape);
  const { padInfo: p, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  if (fh === 1 && fw === 1 && sh === 1 && sw === 1 && p.top === 0 && p.left === 0 && p.bottom === 0 && p.right === 0) {
    // Pointwise: dx = dy·Wᵀ per pixel, a 1×1 conv (XNNPACK's GEMM) with the cached transposed filter.
    const [cin, cout] = filter.shape.slice(2);
    const swapped = derivedFilter(filter, 'swap', () => tf.reshape(tf.transpose(tf.reshape(filter, [cin, cout])), [1, 1, cout, cin]));
    return tf.conv2d(dy, swapped as tf.Tensor4D, 1, 'valid');
  }
  const plan = phasePlan(info);
  if (plan) {
    const key = `phase:${JSON.stringify([info.inHeight, info.inWidth, sh, sw, p, info.dilationHeight, info.dilationWidth])}`;
    const f = derivedFilter(filter, key, () => phaseFilter(filter, info, plan));
    return interleavePhases(tf.conv2d(dyForPhases(dy, plan), f as tf.Tensor4D, 1, 'valid'), info, plan);
  }
  return tf.conv2d(dyForInputGradient(dy, info), derivedFilter(filter, 'flip', () => flipAndSwap(filter)) as tf.Tensor4D, 1, 'valid');
});

export const conv2DBackpropInputConfig = withStockFallback(composed, handles);

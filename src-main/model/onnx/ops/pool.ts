// MaxPool, AveragePool (with pads, ceil_mode and count_include_pad as ONNX
// and PyTorch define them) and the global pools, on NHWC values.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { asNhwc, attrs, nhwcValue } from '../value';
import { padsFor, zeroPad } from './conv';
import type { LowerCtx, Lowering } from './types';

/** The lowest float32: what max pooling pads with (padding never wins). */
const LOWEST = -3.4028234663852886e38;

/** Extra end padding so that VALID pooling gives ceil_mode's output size (a last window must start inside the input or its begin pad). */
function ceilExtra(size: number, pb: number, pe: number, k: number, s: number): number {
  let out = Math.ceil((size + pb + pe - k) / s) + 1;
  if ((out - 1) * s >= size + pb) out--;
  return Math.max(0, (out - 1) * s + k - (size + pb + pe));
}

function poolGeometry(ctx: LowerCtx) {
  const a = attrs(ctx.node);
  const k = a.ints('kernel_shape', []);
  if (k.length !== 2) throw new StudioError('unsupported-model', `${ctx.where}: only 2-D pools are supported (kernel_shape ${JSON.stringify(k)})`);
  const s = a.ints('strides', [1, 1]);
  const d = a.ints('dilations', [1, 1]);
  if (d.some((v) => v !== 1)) throw new StudioError('unsupported-model', `${ctx.where}: dilated pooling is not supported`);
  const ceil = a.int('ceil_mode', 0) === 1;
  return (x: tf.Tensor4D) => {
    const [t, b, l, r] = padsFor(a, x.shape[1], x.shape[2], k, s, d, ctx.where);
    const eh = ceil ? ceilExtra(x.shape[1], t, b, k[0], s[0]) : 0;
    const ew = ceil ? ceilExtra(x.shape[2], l, r, k[1], s[1]) : 0;
    return { k: k as [number, number], s: s as [number, number], pads: [t, b, l, r] as [number, number, number, number], eh, ew };
  };
}

export const maxPool: Lowering = (ctx) => {
  const geometry = poolGeometry(ctx);
  if (ctx.node.outputs.length > 1 && ctx.node.outputs[1]) throw new StudioError('unsupported-model', `${ctx.where}: MaxPool's Indices output is not supported`);
  return ([xv]) => {
    const x = asNhwc(xv!, ctx.where);
    const { k, s, pads, eh, ew } = geometry(x);
    const xp = zeroPad(x, [pads[0], pads[1] + eh, pads[2], pads[3] + ew], LOWEST);
    return [nhwcValue(tf.maxPool(xp, k, s, 'valid'))];
  };
};

export const averagePool: Lowering = (ctx) => {
  const geometry = poolGeometry(ctx);
  const includePad = attrs(ctx.node).int('count_include_pad', 0) === 1;
  return ([xv]) => {
    const x = asNhwc(xv!, ctx.where);
    const { k, s, pads, eh, ew } = geometry(x);
    const [t, b, l, r] = pads;
    const xp = zeroPad(x, [t, b + eh, l, r + ew]);
    const y = tf.avgPool(xp, k, s, 'valid');
    if (!(t || b || l || r || eh || ew)) return [nhwcValue(y)];
    // Divide by the cells that count: the input (and its explicit pads with count_include_pad), never ceil's extension.
    const count = tf.tidy(() => {
      let m = tf.ones([1, x.shape[1], x.shape[2], 1]) as tf.Tensor4D;
      m = includePad ? zeroPad(m, [t, b, l, r], 1) : zeroPad(m, [t, b, l, r]);
      return tf.avgPool(zeroPad(m, [0, eh, 0, ew]), k, s, 'valid');
    });
    return [nhwcValue(tf.div(y, count))];
  };
};

export const globalAveragePool: Lowering =
  (ctx) =>
  ([xv]) => [nhwcValue(tf.mean(asNhwc(xv!, ctx.where), [1, 2], true))];
export const globalMaxPool: Lowering =
  (ctx) =>
  ([xv]) => [nhwcValue(tf.max(asNhwc(xv!, ctx.where), [1, 2], true))];

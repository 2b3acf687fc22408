// Conv (2-D) lowered to tfjs: weights [O, I/g, kH, kW] are transposed once at
// load to tfjs' [kH, kW, I, O] (depthwise: [kH, kW, I, multiplier]); groups
// that are neither 1 nor depthwise run as one convolution per group.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { recording } from '../../gradient-mode';
import { asNhwc, attrs, nhwcValue, toTensor } from '../value';
import type { Lowering } from './types';

type Pads = [top: number, bottom: number, left: number, right: number];

/** Explicit pads for one spatial axis under auto_pad SAME_UPPER/SAME_LOWER (extra pixel at the end / start). */
function samePads(size: number, k: number, s: number, d: number, upper: boolean): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - size);
  const small = Math.floor(total / 2);
  return upper ? [small, total - small] : [total - small, small];
}

/** The pads of a Conv or pool node for an input of h×w: explicit `pads`, or auto_pad's. */
export function padsFor(a: ReturnType<typeof attrs>, h: number, w: number, k: number[], s: number[], d: number[], where: string): Pads {
  const auto = a.str('auto_pad', 'NOTSET');
  if (auto === 'VALID') return [0, 0, 0, 0];
  if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    const [t, b] = samePads(h, k[0], s[0], d[0], auto === 'SAME_UPPER');
    const [l, r] = samePads(w, k[1], s[1], d[1], auto === 'SAME_UPPER');
    return [t, b, l, r];
  }
  if (auto !== 'NOTSET') throw new StudioError('bad-model', `${where}: auto_pad ${auto} is not an ONNX value`);
  const p = a.ints('pads', [0, 0, 0, 0]);
  if (p.length !== 4) throw new StudioError('unsupported-model', `${where}: only 2-D convolutions and pools are supported (pads ${JSON.stringify(p)})`);
  return [p[0], p[2], p[1], p[3]];
}

export const zeroPad = (x: tf.Tensor4D, [t, b, l, r]: Pads, value = 0): tf.Tensor4D =>
  t || b || l || r
    ? tf.pad(
        x,
        [
          [0, 0],
          [t, b],
          [l, r],
          [0, 0],
        ],
        value,
      )
    : x;

/**
 * A dilated convolution with stride 1 as TensorFlow computes atrous
 * convolution: space-to-batch by the rate, an undilated VALID convolution,
 * batch-to-space, crop. tfjs has no gradient for dilated (depthwise)
 * convolutions; these three ops all have one.
 */
function atrous(xp: tf.Tensor4D, k: [number, number], d: [number, number], f: (x: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = xp.shape;
  const ho = h - (k[0] - 1) * d[0];
  const wo = w - (k[1] - 1) * d[1];
  const ph = (d[0] - (h % d[0])) % d[0];
  const pw = (d[1] - (w % d[1])) % d[1];
  const s = tf.spaceToBatchND(xp, d, [
    [0, ph],
    [0, pw],
  ]) as tf.Tensor4D;
  const z = tf.batchToSpaceND(f(s), d, [
    [0, 0],
    [0, 0],
  ]) as tf.Tensor4D;
  return z.shape[1] === ho && z.shape[2] === wo ? z : tf.slice(z, [0, 0, 0, 0], [-1, ho, wo, -1]);
}

export const conv: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const W = ctx.constant(1);
  if (!W) throw new StudioError('unsupported-model', `${ctx.where}: weights computed at run time are not supported`);
  if (W.shape.length !== 4) throw new StudioError('unsupported-model', `${ctx.where}: only 2-D convolutions are supported (weight rank ${W.shape.length})`);
  const [O, Ig, kh, kw] = W.shape;
  const g = a.int('group', 1);
  const s = a.ints('strides', [1, 1]);
  const d = a.ints('dilations', [1, 1]);
  const Bc = ctx.constant(2);
  if (ctx.node.inputs[2] && !Bc) throw new StudioError('unsupported-model', `${ctx.where}: a bias computed at run time is not supported`);
  const I = Ig * g;
  const depthwise = g > 1 && Ig === 1 && O % g === 0;
  if (O % g !== 0) throw new StudioError('bad-model', `${ctx.where}: ${O} output channels in ${g} groups`);
  const w = tf.tidy(() => toTensor(W));
  const bias = Bc ? ctx.weight(tf.tidy(() => toTensor(Bc).reshape([O]))) : undefined;
  let filters: tf.Tensor4D[];
  if (g === 1) filters = [ctx.weight(tf.tidy(() => tf.transpose(w, [2, 3, 1, 0]))) as tf.Tensor4D];
  else if (depthwise) filters = [ctx.weight(tf.tidy(() => tf.transpose(w.reshape([I, O / I, kh, kw]), [2, 3, 0, 1]))) as tf.Tensor4D];
  else filters = tf.split(w, g, 0).map((wg) => ctx.weight(tf.tidy(() => tf.transpose(wg, [2, 3, 1, 0]))) as tf.Tensor4D);
  w.dispose();
  const strides: [number, number] = [s[0], s[1]];
  const dil: [number, number] = [d[0], d[1]];
  return ([xv]) => {
    const x = asNhwc(xv!, ctx.where);
    if (x.shape[3] !== I) throw new StudioError('bad-input', `${ctx.where}: input has ${x.shape[3]} channels, the weights expect ${I}`);
    const pads = padsFor(a, x.shape[1], x.shape[2], [kh, kw], s, d, ctx.where);
    const dilated = dil[0] > 1 || dil[1] > 1;
    if (dilated && (strides[0] > 1 || strides[1] > 1))
      throw new StudioError('unsupported-model', `${ctx.where}: dilation with stride above 1 is not supported`);
    if (g === 1 && !dilated) {
      const [t, b, l, r] = pads;
      const pad: tf.backend_util.ExplicitPadding = [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ];
      // Inside tf.grad the fused kernel's backward computes filter and bias gradients too; the plain ops' are pruned (model/gradient-mode.ts).
      if (recording()) {
        const y = tf.conv2d(x, filters[0], strides, pad);
        return [nhwcValue(bias ? tf.add(y, bias) : y)];
      }
      return [nhwcValue(tf.fused.conv2d({ x, filter: filters[0], strides, pad, bias }))];
    }
    const xp = zeroPad(x, pads);
    const valid = (xs: tf.Tensor4D): tf.Tensor4D => {
      if (depthwise) return tf.depthwiseConv2d(xs, filters[0], strides, 'valid');
      if (g === 1) return tf.conv2d(xs, filters[0], strides, 'valid');
      return tf.concat(
        tf.split(xs, g, 3).map((xg, i) => tf.conv2d(xg as tf.Tensor4D, filters[i], strides, 'valid')),
        3,
      );
    };
    const y = dilated ? atrous(xp, [kh, kw], dil, valid) : valid(xp);
    return [nhwcValue(bias ? tf.add(y, bias) : y)];
  };
};

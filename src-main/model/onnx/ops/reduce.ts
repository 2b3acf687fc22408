// Softmax, LogSoftmax and the reductions. Softmax before opset 13 normalises
// over the input flattened from `axis` on; from 13, over one axis.
import * as tf from '@tensorflow/tfjs';
import { attrs, axisOf, ints, NHWC_AXIS, plain, plainValue, type Value } from '../value';
import type { LowerCtx, Lowering } from './types';

function softmaxLike(ctx: LowerCtx, f: (x: tf.Tensor) => tf.Tensor): ReturnType<Lowering> {
  const old = ctx.opset < 13;
  const axis = attrs(ctx.node).int('axis', old ? 1 : -1);
  return ([xv]) => {
    const v = xv!;
    const rank = v.t.rank;
    const ax = axisOf(axis, rank, ctx.where);
    // The channel axis of an NHWC value is already last.
    if (v.nhwc && ax === 1 && (!old || (v.t.shape as number[])[1] * (v.t.shape as number[])[2] === 1)) return [{ t: f(v.t), nhwc: true }];
    const x = plain(v);
    if (old) {
      const lead = x.shape.slice(0, ax).reduce((p, d) => p * d, 1);
      return [plainValue(f(x.reshape([lead, -1])).reshape(x.shape))];
    }
    if (ax === rank - 1) return [plainValue(f(x))];
    const perm = [...Array(rank).keys()];
    perm[ax] = rank - 1;
    perm[rank - 1] = ax;
    return [plainValue(tf.transpose(f(tf.transpose(x, perm)), perm))];
  };
}

type Reducer = (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor;

/** `axesFromInput`: the opset from which the axes are an input rather than an attribute. */
const reduce =
  (f: Reducer, axesFromInput: number): Lowering =>
  (ctx) => {
    const a = attrs(ctx.node);
    const keep = a.int('keepdims', 1) === 1;
    const noopEmpty = a.int('noop_with_empty_axes', 0) === 1;
    return (inputs) => {
      const v = inputs[0] as Value;
      const rank = v.t.rank;
      const given = ctx.opset < axesFromInput ? (a.has('axes') ? a.ints('axes', []) : []) : ints(inputs[1]);
      if (!given.length && noopEmpty) return [v];
      const axes = (given.length ? given : [...Array(rank).keys()]).map((x) => axisOf(x, rank, ctx.where));
      if (v.nhwc && keep)
        return [
          {
            t: f(
              v.t,
              axes.map((x) => NHWC_AXIS[x]),
              true,
            ),
            nhwc: true,
          },
        ];
      return [plainValue(f(plain(v), axes, keep))];
    };
  };

export const REDUCE_OPS: Record<string, Lowering> = {
  Softmax: (ctx) => softmaxLike(ctx, (x) => tf.softmax(x)),
  LogSoftmax: (ctx) => softmaxLike(ctx, (x) => tf.logSoftmax(x)),
  ReduceMean: reduce((x, ax, k) => tf.mean(x, ax, k), 18),
  ReduceSum: reduce((x, ax, k) => tf.sum(x, ax, k), 13),
  ReduceMax: reduce((x, ax, k) => tf.max(x, ax, k), 18),
  ReduceMin: reduce((x, ax, k) => tf.min(x, ax, k), 18),
};

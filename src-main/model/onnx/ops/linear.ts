// Gemm, MatMul and BatchNormalization. Constant weights are prepared once
// (Gemm's B in [K, N], BatchNormalization folded to y = a·x + b per channel).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { asNhwc, attrs, nhwcValue, plain, plainValue, toTensor } from '../value';
import type { Lowering } from './types';

const gemm: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  const transA = a.int('transA', 0) === 1;
  const transB = a.int('transB', 0) === 1;
  const Bc = ctx.constant(1);
  const Cc = ctx.constant(2);
  const W = Bc ? ctx.weight(tf.tidy(() => (transB ? tf.transpose(toTensor(Bc)) : toTensor(Bc)).mul(alpha))) : null;
  const bias = Cc ? ctx.weight(tf.tidy(() => toTensor(Cc).mul(beta))) : null;
  return ([av, bv, cv]) => {
    const A = plain(av!);
    if (A.rank !== 2) throw new StudioError('bad-model', `${ctx.where}: Gemm needs a matrix, got rank ${A.rank}`);
    let y = W ? tf.matMul(A, W, transA, false) : tf.mul(tf.matMul(A, plain(bv!), transA, transB), alpha);
    if (bias) y = tf.add(y, bias);
    else if (cv) y = tf.add(y, tf.mul(plain(cv), beta));
    return [plainValue(y)];
  };
};

/** numpy matmul: a constant matrix on the right is one product over all leading dims; otherwise batched. */
const matMul: Lowering = (ctx) => {
  const Bc = ctx.constant(1);
  const W = Bc && Bc.shape.length === 2 ? ctx.weight(toTensor(Bc)) : null;
  return ([av, bv]) => {
    const A = plain(av!);
    if (W) {
      if (A.rank === 2) return [plainValue(tf.matMul(A, W))];
      const lead = A.shape.slice(0, -1);
      const y = tf.matMul(A.reshape([-1, A.shape[A.rank - 1]]), W);
      return [plainValue(y.reshape([...lead, (W.shape as number[])[1]]))];
    }
    let B = plain(bv!);
    let a2 = A;
    if (a2.rank === 1) a2 = a2.reshape([1, -1]);
    if (B.rank === 1) B = B.reshape([-1, 1]);
    const r = Math.max(a2.rank, B.rank);
    const batchA = a2.shape.slice(0, -2);
    const batchB = B.shape.slice(0, -2);
    const batch = [...Array(r - 2).keys()].map((i) => {
      const da = batchA[i - (r - 2 - batchA.length)] ?? 1;
      const db = batchB[i - (r - 2 - batchB.length)] ?? 1;
      return Math.max(da, db);
    });
    const aFull = tf.broadcastTo(a2.reshape([...Array(r - a2.rank).fill(1), ...a2.shape]), [...batch, ...a2.shape.slice(-2)]);
    const bFull = tf.broadcastTo(B.reshape([...Array(r - B.rank).fill(1), ...B.shape]), [...batch, ...B.shape.slice(-2)]);
    let y = tf.matMul(aFull, bFull);
    if (A.rank === 1) y = y.squeeze([y.rank - 2]);
    if (plain(bv!).rank === 1) y = y.squeeze([y.rank - 1]);
    return [plainValue(y)];
  };
};

const batchNorm: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  if (a.int('training_mode', 0) === 1) throw new StudioError('unsupported-model', `${ctx.where}: BatchNormalization in training mode is not supported`);
  const consts = [1, 2, 3, 4].map((i) => ctx.constant(i));
  if (consts.some((c) => !c)) throw new StudioError('unsupported-model', `${ctx.where}: BatchNormalization statistics computed at run time are not supported`);
  const eps = a.float('epsilon', 1e-5);
  const [scale, shift] = tf.tidy(() => {
    const [g, b, m, v] = consts.map((c) => toTensor(c!));
    const k = tf.div(g, tf.sqrt(tf.add(v, eps)));
    return [k, tf.sub(b, tf.mul(m, k))];
  });
  const k = ctx.weight(scale);
  const b = ctx.weight(shift);
  return ([xv]) => {
    const v = xv!;
    if (v.t.rank === 4) return [nhwcValue(tf.add(tf.mul(asNhwc(v, ctx.where), k), b))];
    const x = plain(v);
    if (x.rank === 2) return [plainValue(tf.add(tf.mul(x, k), b))];
    const shape = [k.shape[0], ...Array(x.rank - 2).fill(1)];
    return [plainValue(tf.add(tf.mul(x, k.reshape(shape)), b.reshape(shape)))];
  };
};

export const LINEAR_OPS: Record<string, Lowering> = { Gemm: gemm, MatMul: matMul, BatchNormalization: batchNorm };

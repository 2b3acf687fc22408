// Elementwise ops. Binary ops broadcast numpy-style and keep an image
// operand's NHWC layout (value.ts alignOperands); unary ops keep their
// input's layout. The nonlinearities go through RunCtx.act, so a backward
// rule (Guided Backprop, DeconvNet, DeepLIFT) can replace their gradient.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { clip } from '../../gradient-mode';
import type { OnnxNode } from '../proto';
import { alignOperands, attrs, type Value } from '../value';
import type { Lowering, LowerCtx, NonlinearityInfo } from './types';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const binary =
  (f: Binary): Lowering =>
  () =>
  (inputs) => {
    const { ts, nhwc } = alignOperands(inputs as Value[]);
    return [{ t: f(ts[0], ts[1]), nhwc }];
  };

/** Max, Min, Sum, Mean: any number of operands. */
const variadic =
  (f: Binary, mean = false): Lowering =>
  () =>
  (inputs) => {
    const { ts, nhwc } = alignOperands(inputs as Value[]);
    let y = ts[0];
    for (const t of ts.slice(1)) y = f(y, t);
    return [{ t: mean ? tf.div(y, ts.length) : y, nhwc }];
  };

/** Integer division truncates (ONNX), float division divides. */
const divide: Binary = (a, b) =>
  a.dtype === 'int32' && b.dtype === 'int32' ? tf.cast(tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32')), 'int32') : tf.div(a, b);

const sameDtype =
  (f: Binary): Binary =>
  (a, b) => {
    if (a.dtype === b.dtype) return f(a, b);
    return f(a.dtype === 'float32' ? a : tf.cast(a, 'float32'), b.dtype === 'float32' ? b : tf.cast(b, 'float32'));
  };

const unary =
  (f: (x: tf.Tensor) => tf.Tensor): Lowering =>
  () =>
  ([x]) => [{ t: f(x!.t), nhwc: x!.nhwc }];

/** HardSigmoid: max(0, min(1, αx + β)). */
const unitClip = clip(0, 1);
const hardSigmoid = (x: tf.Tensor, alpha: number, beta: number): tf.Tensor => unitClip(tf.add(tf.mul(x, alpha), beta));

/** The forward function of a nonlinearity node, from its attributes and constant inputs. */
function nonlinearForward(ctx: LowerCtx): (x: tf.Tensor) => tf.Tensor {
  const a = attrs(ctx.node);
  switch (ctx.node.op) {
    case 'Relu':
      return (x) => tf.relu(x);
    case 'LeakyRelu': {
      const alpha = a.float('alpha', 0.01);
      return (x) => tf.leakyRelu(x, alpha);
    }
    case 'Sigmoid':
      return (x) => tf.sigmoid(x);
    case 'Tanh':
      return (x) => tf.tanh(x);
    case 'HardSigmoid': {
      const alpha = a.float('alpha', 0.2);
      const beta = a.float('beta', 0.5);
      return (x) => hardSigmoid(x, alpha, beta);
    }
    case 'HardSwish':
      return (x) => tf.mul(x, hardSigmoid(x, 1 / 6, 0.5));
    case 'Softplus':
      return (x) => tf.softplus(x);
    case 'Clip': {
      const { min, max } = clipBounds(ctx);
      return clip(min, max);
    }
  }
  throw new StudioError('internal', `${ctx.where}: not a nonlinearity`);
}

function clipBounds(ctx: LowerCtx): { min: number; max: number } {
  const a = attrs(ctx.node);
  if (ctx.opset < 11) return { min: a.float('min', -3.4e38), max: a.float('max', 3.4e38) };
  const read = (i: number, dflt: number): number => {
    if (!ctx.node.inputs[i]) return dflt;
    const c = ctx.constant(i);
    if (!c) throw new StudioError('unsupported-model', `${ctx.where}: Clip bounds computed at run time are not supported`);
    return c.data[0];
  };
  return { min: read(1, -3.4e38), max: read(2, 3.4e38) };
}

/** What a backward rule sees of a nonlinearity node (kinds as for Keras layers: a clipped ReLU is "other"). */
export function nonlinearityOf(node: OnnxNode, ctx: LowerCtx): NonlinearityInfo | null {
  switch (node.op) {
    case 'Relu':
      return { kind: 'relu', name: 'relu', alpha: 0 };
    case 'LeakyRelu':
      return { kind: 'leaky-relu', name: 'leakyReLU', alpha: attrs(node).float('alpha', 0.01) };
    case 'Clip': {
      const { min } = clipBounds(ctx);
      return { kind: 'other', name: min === 0 ? 'relu+clip' : 'clip', alpha: 0 };
    }
    case 'Sigmoid':
    case 'Tanh':
    case 'HardSigmoid':
    case 'HardSwish':
    case 'Softplus':
      return { kind: 'other', name: node.op.toLowerCase(), alpha: 0 };
  }
  return null;
}

const nonlinearity: Lowering = (ctx) => {
  const f = nonlinearForward(ctx);
  return ([x], run) => [{ t: run.act(ctx.node, f, x!.t), nhwc: x!.nhwc }];
};

const cast: Lowering = (ctx) => {
  const to = attrs(ctx.node).int('to', 1);
  // FLOAT, FLOAT16, DOUBLE → float32; the integer types and BOOL → int32 (tfjs has no int64).
  const dtype = [1, 10, 11, 16].includes(to) ? 'float32' : to === 9 ? 'bool' : 'int32';
  return ([x]) => [{ t: tf.cast(x!.t, dtype), nhwc: x!.nhwc }];
};

const where: Lowering = () => (inputs) => {
  const { ts, nhwc } = alignOperands(inputs as Value[]);
  const c = ts[0].dtype === 'bool' ? ts[0] : tf.cast(ts[0], 'bool');
  const shape = tf.broadcastArgs(tf.broadcastArgs(tf.tensor1d(c.shape, 'int32'), tf.tensor1d(ts[1].shape, 'int32')), tf.tensor1d(ts[2].shape, 'int32'));
  const s = Array.from(shape.dataSync());
  return [{ t: tf.where(tf.broadcastTo(c, s), tf.broadcastTo(ts[1], s), tf.broadcastTo(ts[2], s)), nhwc }];
};

/** Dropout and Identity: the value itself (inference); Dropout's optional mask keeps every element. */
const identity: Lowering = (ctx) => {
  const mask = ctx.node.op === 'Dropout' && !!ctx.node.outputs[1];
  return ([x]) => (mask ? [x!, { t: tf.onesLike(x!.t).cast('bool'), nhwc: x!.nhwc }] : [x!]);
};

export const ELEMENTWISE: Record<string, Lowering> = {
  Add: binary(sameDtype(tf.add)),
  Sub: binary(sameDtype(tf.sub)),
  Mul: binary(sameDtype(tf.mul)),
  Div: binary(divide),
  Pow: binary((a, b) => tf.pow(a, b)),
  Equal: binary(sameDtype(tf.equal)),
  Greater: binary(sameDtype(tf.greater)),
  Less: binary(sameDtype(tf.less)),
  Max: variadic(sameDtype(tf.maximum)),
  Min: variadic(sameDtype(tf.minimum)),
  Sum: variadic(sameDtype(tf.add)),
  Mean: variadic(sameDtype(tf.add), true),
  Where: where,
  Sqrt: unary((x) => tf.sqrt(x)),
  Exp: unary((x) => tf.exp(x)),
  Log: unary((x) => tf.log(x)),
  Neg: unary((x) => tf.neg(x)),
  Abs: unary((x) => tf.abs(x)),
  Erf: unary((x) => tf.erf(x)),
  Reciprocal: unary((x) => tf.reciprocal(x)),
  Floor: unary((x) => tf.floor(x)),
  Ceil: unary((x) => tf.ceil(x)),
  Not: unary((x) => tf.logicalNot(x)),
  Cast: cast,
  Identity: identity,
  Dropout: identity,
  Relu: nonlinearity,
  LeakyRelu: nonlinearity,
  Sigmoid: nonlinearity,
  Tanh: nonlinearity,
  HardSigmoid: nonlinearity,
  HardSwish: nonlinearity,
  Softplus: nonlinearity,
  Clip: nonlinearity,
};

// Backward rules of the element-wise, linear and shape ops. Masks follow
// torch: ReLU passes where its input is > 0, Clip (ReLU6) where min < x < max;
// broadcasting is undone by summing (ctx.unbroadcast); Concat splits g back.
import { StudioError } from '../../api/errors';
import type { OnnxNode } from '../onnx/proto';
import { attrs } from '../onnx/value';
import { type GradCtx, type Rule, where } from './ctx';

const masked = (ctx: GradCtx, cond: string, g: string): string => ctx.op('Where', [cond, g, ctx.scalar(0)]);

/** Gradient of each live input of a broadcasting binary op, from `local(i)` (g times ∂y/∂input i at the output's shape). */
function binary(ctx: GradCtx, n: OnnxNode, local: (i: number) => string): (string | null)[] {
  const out = ctx.shape(n.outputs[0], where(n));
  return n.inputs.map((v, i) => (ctx.live.has(v) ? ctx.unbroadcast(local(i), out, ctx.shape(v, where(n))) : null));
}

const relu: Rule = (ctx, n, _raw, [g]) => [masked(ctx, ctx.op('Greater', [n.inputs[0], ctx.scalar(0)]), g!)];

const clip: Rule = (ctx, n, _raw, [g]) => {
  const a = attrs(n);
  const bound = (i: number, attr: string): string | null => (n.inputs[i] ? n.inputs[i] : a.has(attr) ? ctx.scalar(a.float(attr, 0)) : null);
  const lo = bound(1, 'min');
  const hi = bound(2, 'max');
  const x = n.inputs[0];
  const above = lo && ctx.op('Greater', [x, lo]);
  const below = hi && ctx.op('Less', [x, hi]);
  const cond = above && below ? ctx.op('And', [above, below]) : (above ?? below);
  return [cond ? masked(ctx, cond, g!) : g];
};

const sigmoid: Rule = (ctx, n, _raw, [g]) => {
  const y = n.outputs[0];
  return [ctx.op('Mul', [g!, ctx.op('Mul', [y, ctx.op('Sub', [ctx.scalar(1), y])])])];
};

const add: Rule = (ctx, n, _raw, [g]) => binary(ctx, n, () => g!);
const sub: Rule = (ctx, n, _raw, [g]) => binary(ctx, n, (i) => (i === 0 ? g! : ctx.op('Neg', [g!])));
const mul: Rule = (ctx, n, _raw, [g]) => binary(ctx, n, (i) => ctx.op('Mul', [g!, n.inputs[1 - i]]));
const div: Rule = (ctx, n, _raw, [g]) =>
  // ∂(a/b)/∂b = −y/b.
  binary(ctx, n, (i) => (i === 0 ? ctx.op('Div', [g!, n.inputs[1]]) : ctx.op('Neg', [ctx.op('Div', [ctx.op('Mul', [g!, n.outputs[0]]), n.inputs[1]])])));

const gemm: Rule = (ctx, n, _raw, [g]) => {
  const a = attrs(n);
  const [, b, c] = n.inputs;
  if (a.int('transA', 0) || ctx.live.has(b))
    throw new StudioError('unsupported-model', `${where(n)}: Gemm with transA, or with B computed from the image, is not differentiated`);
  // y = α·A·op(B) + β·C: ∂/∂A = α·g·op(B)ᵀ, and op(B)ᵀ is B itself when transB.
  const bt = a.int('transB', 0) ? b : ctx.op('Transpose', [b], { perm: [1, 0] });
  const alpha = a.float('alpha', 1);
  const dA = ctx.op('MatMul', [alpha === 1 ? g! : ctx.op('Mul', [g!, ctx.scalar(alpha)]), bt]);
  const beta = a.float('beta', 1);
  const dC =
    c && ctx.live.has(c)
      ? ctx.unbroadcast(beta === 1 ? g! : ctx.op('Mul', [g!, ctx.scalar(beta)]), ctx.shape(n.outputs[0], where(n)), ctx.shape(c, where(n)))
      : null;
  return [dA, null, dC];
};

const matMul: Rule = (ctx, n, _raw, [g]) => {
  const [a, b] = n.inputs;
  const [ra, rb] = [ctx.shape(a, where(n)).length, ctx.shape(b, where(n)).length];
  if (rb !== 2 || (ctx.live.has(b) && ra !== 2))
    throw new StudioError('unsupported-model', `${where(n)}: only MatMul with a 2-D right operand is differentiated`);
  const dA = ctx.live.has(a) ? ctx.op('MatMul', [g!, ctx.op('Transpose', [b], { perm: [1, 0] })]) : null;
  const dB = ctx.live.has(b) ? ctx.op('MatMul', [ctx.op('Transpose', [a], { perm: [1, 0] }), g!]) : null;
  return [dA, dB];
};

const concat: Rule = (ctx, n, _raw, [g]) => {
  const shapes = n.inputs.map((v) => ctx.shape(v, where(n)));
  const axis = (attrs(n).int('axis', 0) + shapes[0].length) % shapes[0].length;
  const parts = ctx.opN(
    'Split',
    [
      g!,
      ctx.ints(
        'split',
        shapes.map((s) => s[axis]),
      ),
    ],
    n.inputs.length,
    { axis },
  );
  return n.inputs.map((v, i) => (ctx.live.has(v) ? parts[i] : null));
};

/** Any op that only rearranges or relabels its first input's elements. */
const reshape: Rule = (ctx, n, _raw, [g]) => [ctx.op('Reshape', [g!, ctx.dynShape(n.inputs[0])])];
const identity: Rule = (_ctx, _n, _raw, [g]) => [g];

const transpose: Rule = (ctx, n, _raw, [g]) => {
  const rank = ctx.shape(n.inputs[0], where(n)).length;
  const perm = attrs(n).ints(
    'perm',
    Array.from({ length: rank }, (_, i) => rank - 1 - i),
  );
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [ctx.op('Transpose', [g!], { perm: inverse })];
};

export const POINTWISE_RULES: Record<string, Rule> = {
  Relu: relu,
  Clip: clip,
  Sigmoid: sigmoid,
  Add: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  Gemm: gemm,
  MatMul: matMul,
  Concat: concat,
  Flatten: reshape,
  Reshape: reshape,
  Squeeze: reshape,
  Unsqueeze: reshape,
  Identity: identity,
  Dropout: identity,
  Transpose: transpose,
};

// Shape and data-movement ops. They read the ONNX layout (value.ts `plain`),
// except Concat, Split and Transpose, which map their axes onto an NHWC value
// instead of materialising it. Reshape reads a leading 1 of its target as the
// batch when the run is batched: exporters without dynamic_axes pin the batch
// at 1 (the classifier checks at load that batched runs equal single ones).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { attrs, axisOf, ints, NHWC_AXIS, onnxShape, plain, plainValue, toTensor, type Value } from '../value';
import type { LowerCtx, Lowering } from './types';

/** Axes from the attribute (older opsets) or the second input (newer). */
function axesOf(ctx: LowerCtx, inputs: (Value | undefined)[], fromOpset: number): number[] | null {
  if (ctx.opset < fromOpset) return ctx.node.attrs.axes ? attrs(ctx.node).ints('axes', []) : null;
  return inputs[1] ? ints(inputs[1]) : null;
}

const shape: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  return ([x]) => {
    const s = onnxShape(x!);
    const r = s.length;
    const clamp = (i: number): number => Math.max(0, Math.min(r, i < 0 ? i + r : i));
    const part = s.slice(clamp(a.int('start', 0)), a.has('end') ? clamp(a.int('end', r)) : r);
    return [plainValue(tf.tensor1d(part, 'int32'))];
  };
};

const reshape: Lowering = (ctx) => {
  const allowZero = attrs(ctx.node).int('allowzero', 0) === 1;
  return ([xv, sv], run) => {
    const x = plain(xv!);
    const target = ctx.opset < 5 ? attrs(ctx.node).ints('shape', []) : ints(sv);
    const out = target.map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d));
    if (run.batch > 1 && out[0] === 1 && x.shape[0] === run.batch) out[0] = run.batch;
    return [plainValue(tf.reshape(x, out))];
  };
};

const flatten: Lowering = (ctx) => {
  const axis = attrs(ctx.node).int('axis', 1);
  return ([xv]) => {
    const x = plain(xv!);
    const ax = axis < 0 ? axis + x.rank : axis;
    const lead = x.shape.slice(0, ax).reduce((p, d) => p * d, 1);
    return [plainValue(tf.reshape(x, [lead, -1]))];
  };
};

const transpose: Lowering = (ctx) => {
  const permAttr = attrs(ctx.node).ints('perm', []);
  return ([xv]) => {
    const v = xv!;
    const perm = permAttr.length ? permAttr : [...Array(v.t.rank).keys()].reverse();
    // On an NHWC value the two transposes compose into one (NCHW → NHWC is free).
    if (v.nhwc)
      return [
        plainValue(
          tf.transpose(
            v.t,
            perm.map((p) => NHWC_AXIS[p]),
          ),
        ),
      ];
    return [plainValue(tf.transpose(v.t, perm))];
  };
};

const squeeze: Lowering = (ctx) => (inputs) => {
  const x = plain(inputs[0]!);
  const axes = axesOf(ctx, inputs, 13);
  return [
    plainValue(
      axes
        ? tf.squeeze(
            x,
            axes.map((a) => axisOf(a, x.rank, ctx.where)),
          )
        : tf.squeeze(x),
    ),
  ];
};

const unsqueeze: Lowering = (ctx) => (inputs) => {
  const x = plain(inputs[0]!);
  const axes = axesOf(ctx, inputs, 13) ?? [];
  const rank = x.rank + axes.length;
  const set = new Set(axes.map((a) => axisOf(a, rank, ctx.where)));
  const dims: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) dims.push(set.has(i) ? 1 : x.shape[k++]);
  return [plainValue(tf.reshape(x, dims))];
};

const gather: Lowering = (ctx) => {
  const axis = attrs(ctx.node).int('axis', 0);
  return ([dv, iv]) => {
    const d = plain(dv!);
    const ax = axisOf(axis, d.rank, ctx.where);
    const dim = d.shape[ax];
    const idx = ints(iv).map((i) => (i < 0 ? i + dim : i));
    if (idx.some((i) => i < 0 || i >= dim)) throw new StudioError('bad-input', `${ctx.where}: index out of range for a dimension of ${dim}`);
    return [plainValue(tf.gather(d, tf.tensor(idx, iv!.t.shape, 'int32'), ax))];
  };
};

const slice: Lowering = (ctx) => (inputs) => {
  const x = plain(inputs[0]!);
  const a = attrs(ctx.node);
  const old = ctx.opset < 10;
  const starts = old ? a.ints('starts', []) : ints(inputs[1]);
  const ends = old ? a.ints('ends', []) : ints(inputs[2]);
  const axes = old ? a.ints('axes', []) : inputs[3] ? ints(inputs[3]) : [];
  const steps = !old && inputs[4] ? ints(inputs[4]) : [];
  const begin = x.shape.map(() => 0);
  const end = [...x.shape];
  const strides = x.shape.map(() => 1);
  starts.forEach((s, i) => {
    const ax = axisOf(axes.length ? axes[i] : i, x.rank, ctx.where);
    const dim = x.shape[ax];
    const step = steps[i] ?? 1;
    if (step <= 0) throw new StudioError('unsupported-model', `${ctx.where}: Slice with step ${step} is not supported`);
    const norm = (v: number): number => Math.max(0, Math.min(dim, v < 0 ? v + dim : v));
    begin[ax] = norm(s);
    end[ax] = Math.max(begin[ax], norm(ends[i]));
    strides[ax] = step;
  });
  if (strides.every((s) => s === 1))
    return [
      plainValue(
        tf.slice(
          x,
          begin,
          end.map((e, i) => e - begin[i]),
        ),
      ),
    ];
  return [plainValue(tf.stridedSlice(x, begin, end, strides))];
};

const concat: Lowering = (ctx) => {
  const axis = attrs(ctx.node).int('axis', 0);
  return (inputs) => {
    const vs = (inputs as Value[]).filter((v) => v && v.t.size > 0);
    if (!vs.length) return [inputs[0]!];
    if (vs.some((v) => v.nhwc) && vs.every((v) => v.t.rank === 4)) {
      const ts = vs.map((v) => (v.nhwc ? v.t : tf.transpose(v.t, [0, 2, 3, 1])));
      return [{ t: tf.concat(ts, NHWC_AXIS[axisOf(axis, 4, ctx.where)]), nhwc: true }];
    }
    const ts = vs.map(plain);
    return [plainValue(tf.concat(ts, axisOf(axis, ts[0].rank, ctx.where)))];
  };
};

const split: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const axis = a.int('axis', 0);
  const n = ctx.node.outputs.length;
  return (inputs) => {
    const v = inputs[0]!;
    const rank = v.t.rank;
    const ax = axisOf(axis, rank, ctx.where);
    const sizes = ctx.opset < 13 ? a.ints('split', []) : ints(inputs[1]);
    const parts = sizes.length ? sizes : n;
    if (v.nhwc) return tf.split(v.t, parts, NHWC_AXIS[ax]).map((t) => ({ t, nhwc: true }));
    return tf.split(v.t, parts, ax).map(plainValue);
  };
};

/** numpy's two-way broadcast of two shapes (Expand). */
function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const pa = [...Array(r - a.length).fill(1), ...a];
  const pb = [...Array(r - b.length).fill(1), ...b];
  return pa.map((d, i) => (d === 1 ? pb[i] : pb[i] === 1 || pb[i] === d ? d : NaN));
}

const expand: Lowering =
  (ctx) =>
  ([xv, sv]) => {
    const x = plain(xv!);
    const out = broadcastShape(x.shape, ints(sv));
    if (out.some(Number.isNaN)) throw new StudioError('bad-model', `${ctx.where}: shapes [${x.shape}] and [${ints(sv)}] do not broadcast`);
    return [plainValue(tf.broadcastTo(x.rank < out.length ? x.reshape([...Array(out.length - x.rank).fill(1), ...x.shape]) : x, out))];
  };

const constantOfShape: Lowering = (ctx) => {
  const v = attrs(ctx.node).tensor('value');
  const fill = v ? v.data[0] : 0;
  const dtype = v?.dtype ?? 'float32';
  return ([sv]) => [plainValue(tf.fill(ints(sv), fill, dtype))];
};

const constant: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const v = a.tensor('value');
  let t: tf.Tensor;
  if (v) t = toTensor(v);
  else if (a.has('value_float')) t = tf.scalar(a.float('value_float', 0));
  else if (a.has('value_floats')) t = tf.tensor1d(a.ints('value_floats', []));
  else if (a.has('value_int')) t = tf.scalar(a.int('value_int', 0), 'int32');
  else if (a.has('value_ints')) t = tf.tensor1d(a.ints('value_ints', []), 'int32');
  else throw new StudioError('unsupported-model', `${ctx.where}: a Constant without a numeric value`);
  const kept = ctx.keep(t);
  return () => [plainValue(kept)];
};

const range: Lowering =
  () =>
  ([s, l, d]) => {
    const [start, limit, delta] = [s, l, d].map((v) => v!.t.dataSync()[0]);
    return [plainValue(tf.range(start, limit, delta, s!.t.dtype === 'int32' ? 'int32' : 'float32'))];
  };

export const SHAPE_OPS: Record<string, Lowering> = {
  Shape: shape,
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Split: split,
  Expand: expand,
  ConstantOfShape: constantOfShape,
  Constant: constant,
  Range: range,
};

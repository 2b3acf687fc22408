// Backward rules of the spatial ops, as ONNX ops onnxruntime runs fast:
// Conv → ConvTranspose with the same weights; MaxPool → its own Indices and a
// ScatterElements that adds (overlapping windows share cells, so overwriting
// as MaxUnpool does would lose gradient); AveragePool → a ConvTranspose with a
// box kernel over g scaled by each window's divisor; GlobalAveragePool →
// Expand; inference BatchNormalization → Mul by scale/√(var+ε); Pad → Slice.
import { StudioError } from '../../api/errors';
import { attrs } from '../onnx/value';
import { type GradCtx, type Rule, where } from './ctx';
import { geometry } from './shapes';

/** ConvTranspose pads and output_padding that give back exactly `size` input cells on one axis. */
function transposePads(size: number, out: number, k: number, s: number, d: number, pb: number, pe: number): { pe: number; extra: number } {
  const full = s * (out - 1) + (k - 1) * d + 1 - pb - pe;
  // Cells the forward never read (floor division) get output_padding; a ceil-mode window past the input is cropped.
  return full <= size ? { pe, extra: size - full } : { pe: pe + full - size, extra: 0 };
}

/** The input gradient of a 2-D window op, as a ConvTranspose of g with weight `w`. */
function transposeOf(ctx: GradCtx, n: Parameters<Rule>[1], g: string, w: string, kernel: number[], group: number): string {
  const x = ctx.shape(n.inputs[0], where(n));
  const y = ctx.shape(n.outputs[0], where(n));
  const geo = geometry(n, x[2], x[3], kernel);
  const [t, b, l, r] = geo.pads;
  const h = transposePads(x[2], y[2], geo.k[0], geo.s[0], geo.d[0], t, b);
  const v = transposePads(x[3], y[3], geo.k[1], geo.s[1], geo.d[1], l, r);
  return ctx.op('ConvTranspose', [g, w], {
    kernel_shape: geo.k,
    strides: geo.s,
    dilations: geo.d,
    group,
    pads: [t, l, h.pe, v.pe],
    output_padding: [h.extra, v.extra],
  });
}

const conv: Rule = (ctx, n, _raw, [g]) => {
  if (ctx.live.has(n.inputs[1]) || (n.inputs[2] && ctx.live.has(n.inputs[2])))
    throw new StudioError('unsupported-model', `${where(n)}: weights computed from the image are not differentiated`);
  const w = ctx.shape(n.inputs[1], where(n));
  if (w.length !== 4) throw new StudioError('unsupported-model', `${where(n)}: only 2-D convolutions are differentiated`);
  return [transposeOf(ctx, n, g!, n.inputs[1], w.slice(2), attrs(n).int('group', 1))];
};

const maxPool: Rule = (ctx, n, raw, [g]) => {
  if (attrs(n).int('storage_order', 0) !== 0) throw new StudioError('unsupported-model', `${where(n)}: column-major storage_order is not differentiated`);
  // Indices (flat over N·C·H·W, padding not counted) come from the forward node itself.
  let indices = raw.output![1];
  if (!indices) raw.output!.push((indices = ctx.fresh(`${n.name}/indices`)));
  const x = n.inputs[0];
  const flat = ctx.ints('flat', [-1]);
  const zeros = ctx.op('ConstantOfShape', [ctx.op('Reshape', [ctx.op('Size', [x]), ctx.ints('one', [1])])]);
  const summed = ctx.op('ScatterElements', [zeros, ctx.op('Reshape', [indices, flat]), ctx.op('Reshape', [g!, flat])], { axis: 0, reduction: 'add' });
  return [ctx.op('Reshape', [summed, ctx.dynShape(x)])];
};

/** 1 / (cells each window averages over), an [1, 1, Ho, Wo] map: the input, plus explicit pads with count_include_pad. */
function divisors(size: [number, number], out: [number, number], k: number[], s: number[], pads: number[], includePad: boolean): Float32Array {
  const count = (axis: 0 | 1, o: number) => {
    const [pb, pe] = axis === 0 ? [pads[0], pads[1]] : [pads[2], pads[3]];
    const lo = includePad ? -pb : 0;
    const hi = includePad ? size[axis] + pe : size[axis];
    const start = o * s[axis] - pb;
    return Math.max(0, Math.min(start + k[axis], hi) - Math.max(start, lo));
  };
  const m = new Float32Array(out[0] * out[1]);
  for (let i = 0; i < out[0]; i++) for (let j = 0; j < out[1]; j++) m[i * out[1] + j] = 1 / (count(0, i) * count(1, j));
  return m;
}

const averagePool: Rule = (ctx, n, _raw, [g]) => {
  const x = ctx.shape(n.inputs[0], where(n));
  const y = ctx.shape(n.outputs[0], where(n));
  const geo = geometry(n, x[2], x[3]);
  if (geo.d.some((d) => d !== 1)) throw new StudioError('unsupported-model', `${where(n)}: dilated pooling is not differentiated`);
  const inv = divisors([x[2], x[3]], [y[2], y[3]], geo.k, geo.s, geo.pads, attrs(n).int('count_include_pad', 0) === 1);
  const scaled = ctx.op('Mul', [g!, ctx.floats('avgpool/divisors', [1, 1, y[2], y[3]], inv)]);
  const box = ctx.floats('avgpool/box', [x[1], 1, geo.k[0], geo.k[1]], new Float32Array(x[1] * geo.k[0] * geo.k[1]).fill(1));
  return [transposeOf(ctx, n, scaled, box, geo.k, x[1])];
};

const globalAveragePool: Rule = (ctx, n, _raw, [g]) => {
  const x = ctx.shape(n.inputs[0], where(n));
  const cells = x.slice(2).reduce((a, b) => a * b, 1);
  return [ctx.op('Expand', [ctx.op('Mul', [g!, ctx.scalar(1 / cells)]), ctx.dynShape(n.inputs[0])])];
};

const batchNorm: Rule = (ctx, n, _raw, [g]) => {
  const [scale, , , variance] = n.inputs.slice(1).map((v) => ctx.constOf(v));
  if (!scale || !variance || n.inputs.slice(1).some((v) => ctx.live.has(v)))
    throw new StudioError('unsupported-model', `${where(n)}: only inference BatchNormalization with constant statistics is differentiated`);
  if (attrs(n).int('training_mode', 0)) throw new StudioError('unsupported-model', `${where(n)}: training-mode BatchNormalization is not differentiated`);
  const eps = attrs(n).float('epsilon', 1e-5);
  const rank = ctx.shape(n.inputs[0], where(n)).length;
  // Computed in float64 and rounded once: one Mul per BN in the backward pass.
  const m = Float32Array.from(scale.data, (s, c) => s / Math.sqrt(variance.data[c] + eps));
  return [ctx.op('Mul', [g!, ctx.floats('bn/factor', [m.length, ...Array(Math.max(0, rank - 2)).fill(1)], m)])];
};

const pad: Rule = (ctx, n, _raw, [g]) => {
  const a = attrs(n);
  if (a.str('mode', 'constant') !== 'constant')
    throw new StudioError('unsupported-model', `${where(n)}: only constant padding is differentiated (mode ${a.str('mode', '')})`);
  if (n.inputs[3]) throw new StudioError('unsupported-model', `${where(n)}: Pad with axes is not differentiated`);
  const p = n.inputs[1] ? ctx.constOf(n.inputs[1])?.data : a.ints('pads', []);
  const x = ctx.shape(n.inputs[0], where(n));
  if (!p || p.length !== 2 * x.length) throw new StudioError('unsupported-model', `${where(n)}: pads are not constant`);
  const axes = x.map((_, i) => i).filter((i) => p[i] || p[i + x.length]);
  if (axes.some((i) => p[i] < 0 || p[i + x.length] < 0 || i === 0))
    throw new StudioError('unsupported-model', `${where(n)}: negative or batch padding is not differentiated`);
  if (!axes.length) return [g];
  const starts = axes.map((i) => p[i]);
  const ends = axes.map((i) => p[i] + x[i]);
  return [ctx.op('Slice', [g!, ctx.ints('starts', starts), ctx.ints('ends', ends), ctx.ints('axes', axes)])];
};

export const SPATIAL_RULES: Record<string, Rule> = {
  Conv: conv,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  BatchNormalization: batchNorm,
  Pad: pad,
};

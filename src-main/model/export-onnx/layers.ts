// The op table: each tfjs layer class the exporter can express, as the ONNX
// nodes that compute what the layer's call() computes at inference (image
// layers in spatial.ts; the rest here). A class without an entry, or a
// configuration an entry cannot follow, is refused by name (export.ts turns
// that into the reason the model stays on tfjs).
import { f } from './builder';
import { type Exporter, type LayerCall, activated, biasOf, fields, one, permute, refuse, weight } from './layer-call';
import { onnxAxis, type Val } from './layout';
import { conv2d, crop, depthwise, globalPool, pool, separable, upSample, zeroPad } from './spatial';

const dense: Exporter = (c) => {
  const v = one(c);
  const k = weight(c, 'kernel');
  const w = c.b.floats(`${c.base}_W`, k.shape, k.data);
  const bias = biasOf(c);
  let name: string;
  if (v.shape.length === 1) name = c.b.op('Gemm', [v.name, w, ...bias], {}, c.base);
  else {
    // Dense on a higher-rank tensor contracts its last Keras axis.
    const mm = c.b.op('MatMul', [c.layout.keras(v).name, w], {}, bias.length ? `${c.base}_matmul` : c.base);
    name = bias.length ? c.b.op('Add', [mm, bias[0]], {}, c.base) : mm;
  }
  return activated(c, { name, shape: c.out, nchw: false });
};

function axisOf(c: LayerCall, v: Val): number {
  const a = fields(c).axis;
  const axis = Array.isArray(a) ? (a.length === 1 ? Number(a[0]) : NaN) : Number(a);
  if (!Number.isInteger(axis)) refuse(c.layer, `axis ${JSON.stringify(a)} is not one axis`);
  return axis < 0 ? axis + v.shape.length + 1 : axis;
}

const batchNorm: Exporter = (c) => {
  const v = one(c);
  const l = fields(c);
  const axis = axisOf(c, v);
  const mean = weight(c, 'movingMean').data;
  const variance = weight(c, 'movingVariance').data;
  const n = mean.length;
  const gamma = l.gamma ? weight(c, 'gamma').data : new Float32Array(n).fill(1);
  const beta = l.beta ? weight(c, 'beta').data : new Float32Array(n);
  const eps = Number(l.epsilon);
  if (onnxAxis(v, axis) === 1) {
    const ins = [gamma, beta, mean, variance].map((d, i) => c.b.floats(`${c.base}_${['scale', 'B', 'mean', 'var'][i]}`, [n], d));
    return { ...v, name: c.b.op('BatchNormalization', [v.name, ...ins], { epsilon: f(eps) }, c.base) };
  }
  // The last Keras axis of a tensor held in Keras order: an affine map that broadcasts on it.
  if (v.nchw || axis !== v.shape.length) refuse(c.layer, `normalisation over axis ${axis} of a rank-${v.shape.length + 1} tensor is not exported`);
  const scale = gamma.map((g, i) => g / Math.sqrt(variance[i] + eps));
  const shift = beta.map((b, i) => b - mean[i] * scale[i]);
  const mul = c.b.op('Mul', [v.name, c.b.floats(`${c.base}_scale`, [n], scale)], {}, `${c.base}_mul`);
  return { ...v, name: c.b.op('Add', [mul, c.b.floats(`${c.base}_shift`, [n], shift)], {}, c.base) };
};

const flatten: Exporter = (c) => {
  let v = c.layout.keras(one(c));
  if (fields(c).dataFormat === 'channelsFirst' && v.shape.length > 1) {
    // tfjs moves axis 1 last before flattening, whatever the tensor holds.
    const perm = [0, ...v.shape.slice(1).map((_, i) => i + 2), 1];
    v = { ...v, name: c.b.op('Transpose', [v.name], { perm }, `${c.base}_cf`) };
  }
  return { name: c.b.op('Flatten', [v.name], { axis: 1 }, c.base), shape: c.out, nchw: false };
};

const reshape: Exporter = (c) => {
  const v = c.layout.keras(one(c));
  const target = (fields(c).targetShape as number[]).map(Number);
  // 0 copies the batch size; a -1 in the target stays for onnxruntime to infer.
  const shape = c.b.ints(`${c.base}_shape`, [0, ...target]);
  return { name: c.b.op('Reshape', [v.name, shape], {}, c.base), shape: c.out, nchw: false };
};

const permuteLayer: Exporter = (c) => {
  const v = c.layout.keras(one(c));
  const dims = (fields(c).dims as number[]).map(Number);
  return { name: c.b.op('Transpose', [v.name], { perm: [0, ...dims] }, c.base), shape: c.out, nchw: false };
};

/** An elementwise function of one input, the layout kept. */
const unary =
  (emit: (c: LayerCall, v: Val) => string): Exporter =>
  (c) => {
    const v = one(c);
    return { ...v, name: emit(c, v) };
  };

const activationLayer: Exporter = (c) => activated(c, one(c));

const relu: Exporter = unary((c, v) => {
  const max = fields(c).maxValue as number | null | undefined;
  if (max == null) return c.b.op('Relu', [v.name], {}, c.base);
  return c.b.op('Clip', [v.name, c.b.scalar(`${c.base}_min`, 0), c.b.scalar(`${c.base}_max`, Number(max))], {}, c.base);
});

const prelu: Exporter = unary((c, v) => {
  const a = weight(c, 'alpha');
  // alpha has the input's Keras shape (1 on shared axes); held NCHW, so is it.
  const nchw = v.nchw && a.shape.length === 3;
  const dims = nchw ? [a.shape[2], a.shape[0], a.shape[1]] : a.shape;
  const slope = c.b.floats(`${c.base}_slope`, dims, nchw ? permute(a.data, a.shape, [2, 0, 1]) : a.data);
  return c.b.op('PRelu', [v.name, slope], {}, c.base);
});

const softmaxLayer: Exporter = unary((c, v) => c.b.op('Softmax', [v.name], { axis: onnxAxis(v, axisOf(c, v)) }, c.base));

const rescaling: Exporter = unary((c, v) => {
  const { scale, offset } = fields(c);
  if (typeof scale !== 'number' || typeof offset !== 'number') refuse(c.layer, 'a scale or offset that is not one number');
  const mul = c.b.op('Mul', [v.name, c.b.scalar(`${c.base}_scale`, scale)], {}, `${c.base}_mul`);
  return c.b.op('Add', [mul, c.b.scalar(`${c.base}_offset`, offset)], {}, c.base);
});

const identity: Exporter = (c) => one(c);

/** A merge layer (Add, Multiply, …): its inputs in one layout, folded pairwise by `op`. */
function merge(op: 'Add' | 'Mul' | 'Max' | 'Min', mean = false): Exporter {
  return (c) => {
    if (c.inputs.length < 2) refuse(c.layer, 'fewer than two inputs');
    if (c.inputs.some((v) => v.shape.length !== c.inputs[0].shape.length)) refuse(c.layer, 'inputs of different ranks');
    const vs = c.layout.same(c.inputs);
    let name = vs[0].name;
    for (let i = 1; i < vs.length; i++) name = c.b.op(op, [name, vs[i].name], {}, mean || i < vs.length - 1 ? `${c.base}_${i}` : c.base);
    if (mean) name = c.b.op('Mul', [name, c.b.scalar(`${c.base}_n`, 1 / vs.length)], {}, c.base);
    return { name, shape: c.out, nchw: vs[0].nchw };
  };
}

const concatenate: Exporter = (c) => {
  const vs = c.layout.same(c.inputs);
  const axis = onnxAxis(vs[0], axisOf(c, vs[0]));
  return {
    name: c.b.op(
      'Concat',
      vs.map((v) => v.name),
      { axis },
      c.base,
    ),
    shape: c.out,
    nchw: vs[0].nchw,
  };
};

/** Layer class (getClassName()) → exporter. Nested models are walked by export.ts, not listed here. */
export const LAYER_EXPORTERS: Record<string, Exporter> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  Dense: dense,
  BatchNormalization: batchNorm,
  MaxPooling2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling2D: globalPool('GlobalAveragePool'),
  GlobalMaxPooling2D: globalPool('GlobalMaxPool'),
  Flatten: flatten,
  Reshape: reshape,
  Permute: permuteLayer,
  ZeroPadding2D: zeroPad,
  Cropping2D: crop,
  UpSampling2D: upSample,
  Activation: activationLayer,
  ReLU: relu,
  LeakyReLU: unary((c, v) => c.b.op('LeakyRelu', [v.name], { alpha: f(Number(fields(c).alpha)) }, c.base)),
  ELU: unary((c, v) => c.b.op('Elu', [v.name], { alpha: f(Number(fields(c).alpha)) }, c.base)),
  ThresholdedReLU: unary((c, v) => c.b.op('ThresholdedRelu', [v.name], { alpha: f(Number(fields(c).theta)) }, c.base)),
  PReLU: prelu,
  Softmax: softmaxLayer,
  Rescaling: rescaling,
  // Inference: these pass their input through.
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Add: merge('Add'),
  Multiply: merge('Mul'),
  Average: merge('Add', true),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Concatenate: concatenate,
};

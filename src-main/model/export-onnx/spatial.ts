// Exporters of the image layers: convolutions (plain, depthwise as a
// grouped Conv, separable), pooling, padding, cropping and upsampling. Each
// reads its input held NCHW and writes tfjs' window geometry out as explicit
// pads (padding.ts); kernels [kh,kw,cin,cout] become ONNX's [cout,cin,kh,kw].
import { type Exporter, type LayerCall, type Pair, activated, biasOf, fields, image, pair, permute, refuse, weight } from './layer-call';
import type { Val } from './layout';
import { windowPads } from './padding';

/** A Conv node over an NCHW image with tfjs' window geometry. */
function conv(c: LayerCall, x: Val, w: string, wDims: number[], group: number, bias: string[], extra: { valid?: boolean } = {}): Val {
  const l = fields(c);
  const kernel: Pair = [wDims[2], wDims[3]];
  const strides = extra.valid ? ([1, 1] as Pair) : pair(l.strides);
  const dilations = extra.valid ? ([1, 1] as Pair) : pair(l.dilationRate ?? 1);
  const padding = extra.valid ? 'valid' : String(l.padding);
  if (padding !== 'same' && padding !== 'valid') refuse(c.layer, `padding ${padding} is not exported`);
  const pads = windowPads(padding, [x.shape[0], x.shape[1]], kernel, strides, dilations);
  const name = c.b.op('Conv', [x.name, w, ...bias], { kernel_shape: kernel, strides, dilations, pads, group }, c.base);
  return { name, shape: [], nchw: true };
}

const withShape = (v: Val, shape: number[]): Val => ({ ...v, shape });

export const conv2d: Exporter = (c) => {
  const x = image(c);
  const k = weight(c, 'kernel');
  const w = c.b.floats(`${c.base}_W`, [k.shape[3], k.shape[2], k.shape[0], k.shape[1]], permute(k.data, k.shape, [3, 2, 0, 1]));
  const y = conv(c, x, w, [k.shape[3], k.shape[2], k.shape[0], k.shape[1]], 1, biasOf(c));
  return activated(c, withShape(y, c.out));
};

/** A depthwise kernel [kh,kw,cin,mult] as a grouped Conv's [cin·mult, 1, kh, kw]: output channel c·mult + m, as tfjs orders them. */
function depthwiseWeight(c: LayerCall): { name: string; dims: number[]; cin: number } {
  const k = weight(c, 'depthwiseKernel');
  const [kh, kw, cin, mult] = k.shape;
  const dims = [cin * mult, 1, kh, kw];
  return { name: c.b.floats(`${c.base}_dw`, dims, permute(k.data, k.shape, [2, 3, 0, 1])), dims, cin };
}

export const depthwise: Exporter = (c) => {
  const x = image(c);
  const dw = depthwiseWeight(c);
  const y = conv(c, x, dw.name, dw.dims, dw.cin, biasOf(c));
  return activated(c, withShape(y, c.out));
};

export const separable: Exporter = (c) => {
  const x = image(c);
  const dw = depthwiseWeight(c);
  const mid = conv(c, x, dw.name, dw.dims, dw.cin, []);
  const p = weight(c, 'pointwiseKernel');
  const pDims = [p.shape[3], p.shape[2], 1, 1];
  const pw = c.b.floats(`${c.base}_pw`, pDims, permute(p.data, p.shape, [3, 2, 0, 1]));
  const y = conv({ ...c, base: `${c.base}_pointwise` }, withShape(mid, [c.out[0], c.out[1], dw.dims[0]]), pw, pDims, 1, biasOf(c), { valid: true });
  return activated(c, withShape(y, c.out));
};

export function pool(op: 'MaxPool' | 'AveragePool'): Exporter {
  return (c) => {
    const x = image(c);
    const l = fields(c);
    const kernel = pair(l.poolSize);
    const strides = pair(l.strides ?? l.poolSize);
    const padding = String(l.padding);
    if (padding !== 'same' && padding !== 'valid') refuse(c.layer, `padding ${padding} is not exported`);
    const pads = windowPads(padding, [x.shape[0], x.shape[1]], kernel, strides);
    // AveragePool's default count_include_pad = 0: tfjs too averages over the window's pixels inside the image.
    return { name: c.b.op(op, [x.name], { kernel_shape: kernel, strides, pads }, c.base), shape: c.out, nchw: true };
  };
}

export function globalPool(op: 'GlobalAveragePool' | 'GlobalMaxPool'): Exporter {
  return (c) => {
    const x = image(c);
    const p = c.b.op(op, [x.name], {}, `${c.base}_pool`);
    return { name: c.b.op('Flatten', [p], { axis: 1 }, c.base), shape: c.out, nchw: false };
  };
}

export const zeroPad: Exporter = (c) => {
  const x = image(c);
  const [[t, b], [l, r]] = fields(c).padding as [Pair, Pair];
  const pads = c.b.ints(`${c.base}_pads`, [0, 0, t, l, 0, 0, b, r]);
  return { name: c.b.op('Pad', [x.name, pads], { mode: 'constant' }, c.base), shape: c.out, nchw: true };
};

export const crop: Exporter = (c) => {
  const x = image(c);
  const [[t, b], [l, r]] = fields(c).cropping as [Pair, Pair];
  const [h, w] = x.shape;
  const ins = [c.b.ints(`${c.base}_starts`, [t, l]), c.b.ints(`${c.base}_ends`, [h - b, w - r]), c.b.ints(`${c.base}_axes`, [2, 3])];
  return { name: c.b.op('Slice', [x.name, ...ins], {}, c.base), shape: c.out, nchw: true };
};

export const upSample: Exporter = (c) => {
  const x = image(c);
  const [sh, sw] = pair(fields(c).size);
  const interpolation = String(fields(c).interpolation);
  // tfjs resizes with alignCorners and halfPixelCenters off: source = floor(out / scale) ('asymmetric').
  const mode =
    interpolation === 'nearest' ? 'nearest' : interpolation === 'bilinear' ? 'linear' : refuse(c.layer, `interpolation ${interpolation} is not exported`);
  const scales = c.b.floats(`${c.base}_scales`, [4], Float32Array.of(1, 1, sh, sw));
  const attrs = { mode, coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' };
  return { name: c.b.op('Resize', [x.name, '', scales], attrs, c.base), shape: c.out, nchw: true };
};

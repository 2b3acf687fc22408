// Resize (spatial, nearest or linear, with the coordinate modes tfjs can
// express) and Pad (constant and reflect), on NHWC values where they are images.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../../api/errors';
import { asNhwc, attrs, ints, NHWC_HOLDS, nhwcValue, onnxShape, plain, plainValue } from '../value';
import type { Lowering } from './types';

type Coord = 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_half_pixel_for_nn';

/** The input coordinate of output pixel o, as ONNX's coordinate_transformation_mode defines it. */
function source(o: number, inSize: number, outSize: number, scale: number, coord: Coord): number {
  switch (coord) {
    case 'align_corners':
      return outSize > 1 ? (o * (inSize - 1)) / (outSize - 1) : 0;
    case 'asymmetric':
      return o / scale;
    case 'pytorch_half_pixel':
      return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'tf_half_pixel_for_nn':
      return (o + 0.5) / scale;
    default:
      return (o + 0.5) / scale - 0.5;
  }
}

/** Linear interpolation along one axis as an [out, in] matrix (edges clamped, as ONNX and PyTorch do). */
function linearMatrix(inSize: number, outSize: number, scale: number, coord: Coord): tf.Tensor2D {
  const m = new Float32Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const x = Math.min(Math.max(source(o, inSize, outSize, scale, coord), 0), inSize - 1);
    const lo = Math.floor(x);
    const hi = Math.min(lo + 1, inSize - 1);
    m[o * inSize + lo] += 1 - (x - lo);
    m[o * inSize + hi] += x - lo;
  }
  return tf.tensor2d(m, [outSize, inSize]);
}

/** Nearest-neighbour source indices along one axis. */
function nearestIndex(inSize: number, outSize: number, scale: number, coord: Coord, mode: string): Int32Array {
  const idx = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const x = source(o, inSize, outSize, scale, coord);
    const frac = x - Math.floor(x);
    let i: number;
    if (mode === 'floor') i = Math.floor(x);
    else if (mode === 'ceil') i = Math.ceil(x);
    else if (mode === 'round_prefer_ceil') i = frac === 0.5 ? Math.ceil(x) : Math.round(x);
    else i = frac === 0.5 ? Math.floor(x) : Math.round(x);
    idx[o] = Math.min(Math.max(i, 0), inSize - 1);
  }
  return idx;
}

/** y[n,o,·,c] = Σ_h M[o,h]·x[n,h,·,c] along axis 1 of an NHWC tensor: one matMul, differentiable. */
function alongH(x: tf.Tensor4D, m: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const flat = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]);
  return tf.transpose(tf.reshape(tf.matMul(m, flat), [m.shape[0], n, w, c]), [1, 0, 2, 3]);
}

/**
 * Resize written as interpolation matrices (linear) and gathers (nearest)
 * rather than tfjs' resize kernels: their gradients ignore halfPixelCenters
 * (tfjs 4.22, cpu and wasm: checked against finite differences), and
 * half_pixel is what PyTorch exports.
 */
function resizeNhwc(x: tf.Tensor4D, out: [number, number], scales: [number, number], coord: Coord, mode: string, nearestMode: string): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (mode === 'linear') {
    const my = linearMatrix(h, out[0], scales[0], coord);
    const mx = linearMatrix(w, out[1], scales[1], coord);
    const ty = alongH(x, my);
    return tf.transpose(alongH(tf.transpose(ty, [0, 2, 1, 3]), mx), [0, 2, 1, 3]);
  }
  const iy = tf.tensor1d(nearestIndex(h, out[0], scales[0], coord, nearestMode), 'int32');
  const ix = tf.tensor1d(nearestIndex(w, out[1], scales[1], coord, nearestMode), 'int32');
  return tf.gather(tf.gather(x, iy, 1), ix, 2) as tf.Tensor4D;
}

const resize: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const mode = a.str('mode', 'nearest');
  const coord = ctx.opset < 11 ? 'asymmetric' : a.str('coordinate_transformation_mode', 'half_pixel');
  const nearestMode = a.str('nearest_mode', 'round_prefer_floor');
  if (mode !== 'nearest' && mode !== 'linear')
    throw new StudioError('unsupported-model', `${ctx.where}: Resize mode "${mode}" is not supported (nearest, linear are)`);
  if (!['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn'].includes(coord))
    throw new StudioError('unsupported-model', `${ctx.where}: Resize coordinate mode "${coord}" is not supported`);
  return (inputs) => {
    const v = inputs[0]!;
    const [n, c, h, w] = onnxShape(v);
    const sizes = ctx.opset >= 11 && inputs[3] ? ints(inputs[3]) : [];
    const scales =
      ctx.opset >= 11 ? (inputs[2] ? Array.from(inputs[2].t.dataSync()) : []) : inputs[1] ? Array.from(inputs[1].t.dataSync()) : a.ints('scales', []);
    let out: [number, number];
    let sc: [number, number];
    if (sizes.length === 4) {
      if (sizes[0] !== n || sizes[1] !== c) throw new StudioError('unsupported-model', `${ctx.where}: only spatial resizing is supported`);
      out = [sizes[2], sizes[3]];
      sc = [out[0] / h, out[1] / w];
    } else if (scales.length === 4) {
      if (scales[0] !== 1 || scales[1] !== 1) throw new StudioError('unsupported-model', `${ctx.where}: only spatial resizing is supported`);
      out = [Math.floor(h * scales[2]), Math.floor(w * scales[3])];
      sc = [scales[2], scales[3]];
    } else throw new StudioError('unsupported-model', `${ctx.where}: Resize needs 4-D scales or sizes`);
    if (out[0] < 1 || out[1] < 1 || out[0] * out[1] > 1 << 26)
      throw new StudioError('bad-model', `${ctx.where}: output size ${out[0]}×${out[1]} is out of range`);
    return [nhwcValue(resizeNhwc(asNhwc(v, ctx.where), out, sc, coord as Coord, mode, nearestMode))];
  };
};

const pad: Lowering = (ctx) => {
  const a = attrs(ctx.node);
  const mode = a.str('mode', 'constant');
  if (mode !== 'constant' && mode !== 'reflect')
    throw new StudioError('unsupported-model', `${ctx.where}: Pad mode "${mode}" is not supported (constant, reflect are)`);
  return (inputs) => {
    const v = inputs[0]!;
    const rank = v.t.rank;
    const p = ctx.opset < 11 ? a.ints('pads', []) : ints(inputs[1]);
    const value = ctx.opset < 11 ? a.float('value', 0) : inputs[2] ? inputs[2].t.dataSync()[0] : 0;
    const axes = ctx.opset >= 18 && inputs[3] ? ints(inputs[3]).map((x) => (x < 0 ? x + rank : x)) : [...Array(rank).keys()];
    const pairs: [number, number][] = [...Array(rank)].map(() => [0, 0]);
    axes.forEach((ax, i) => (pairs[ax] = [p[i], p[i + axes.length]]));
    if (pairs.some(([b, e]) => b < 0 || e < 0)) throw new StudioError('unsupported-model', `${ctx.where}: negative pads (cropping) are not supported`);
    const apply = (t: tf.Tensor, pp: [number, number][]): tf.Tensor => (mode === 'reflect' ? tf.mirrorPad(t, pp, 'reflect') : tf.pad(t, pp, value));
    if (v.nhwc)
      return [
        nhwcValue(
          apply(
            v.t,
            [0, 1, 2, 3].map((i) => pairs[NHWC_HOLDS[i]]),
          ),
        ),
      ];
    return [plainValue(apply(plain(v), pairs))];
  };
};

export const RESIZE_OPS: Record<string, Lowering> = { Resize: resize, Upsample: resize, Pad: pad };

// What every layer exporter is given (the builder, the layout, the layer and
// its input values), and the helpers they share: reading a layer's fields and
// weights, refusing by name, the fused activation, axis permutation of a
// weight array.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import { quote } from '../files';
import { activation } from './activations';
import type { OnnxBuilder } from './builder';
import type { Layout, Val } from './layout';

export interface LayerCall {
  b: OnnxBuilder;
  layout: Layout;
  layer: tf.layers.Layer;
  inputs: Val[];
  /** The layer's output shape without the batch axis (its computeOutputShape). */
  out: number[];
  /** A base for the names of the values it makes. */
  base: string;
}

export type Exporter = (c: LayerCall) => Val;

export type Fields = Record<string, unknown>;

export type Pair = [number, number];

export function refuse(layer: tf.layers.Layer, why: string): never {
  throw new StudioError('unsupported-model', `${layer.getClassName()} layer ${quote(layer.name)}: ${why}`);
}

export const fields = (c: LayerCall): Fields => c.layer as unknown as Fields;

export function one(c: LayerCall): Val {
  if (c.inputs.length !== 1) refuse(c.layer, `${c.inputs.length} inputs where one is expected`);
  return c.inputs[0];
}

/** The single input as an image tensor held NCHW; channels-first layers are refused. */
export function image(c: LayerCall): Val {
  const v = one(c);
  const df = fields(c).dataFormat;
  if (df != null && df !== 'channelsLast') refuse(c.layer, `data format ${String(df)} is not exported`);
  if (v.shape.length !== 3) refuse(c.layer, `an input of rank ${v.shape.length + 1} where an image [n,h,w,c] is expected`);
  return c.layout.nchw(v);
}

export const pair = (v: unknown): Pair => (Array.isArray(v) ? [Number(v[0]), Number(v[v.length > 1 ? 1 : 0])] : [Number(v), Number(v)]);

/** A weight variable's values and shape. */
export function weight(c: LayerCall, key: string): { data: Float32Array; shape: number[] } {
  const v = fields(c)[key] as { read(): tf.Tensor } | null | undefined;
  if (!v) refuse(c.layer, `it has no ${key}`);
  const t = v.read();
  if (t.dtype !== 'float32') refuse(c.layer, `its ${key} is ${t.dtype}, not float32`);
  return { data: t.dataSync() as Float32Array, shape: t.shape };
}

/** `data` of `dims` with its axes permuted (out axis k is input axis perm[k]). */
export function permute(data: Float32Array, dims: number[], perm: number[]): Float32Array {
  const rank = dims.length;
  const inStride = new Array<number>(rank);
  for (let k = rank - 1, s = 1; k >= 0; k--) {
    inStride[k] = s;
    s *= dims[k];
  }
  const outDims = perm.map((p) => dims[p]);
  const step = perm.map((p) => inStride[p]);
  const idx = new Array<number>(rank).fill(0);
  const out = new Float32Array(data.length);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src];
    for (let k = rank - 1; k >= 0; k--) {
      src += step[k];
      if (++idx[k] < outDims[k]) break;
      src -= step[k] * outDims[k];
      idx[k] = 0;
    }
  }
  return out;
}

/** The layer's fused activation (Conv2D, Dense, …) on `v`. */
export function activated(c: LayerCall, v: Val): Val {
  const a = fields(c).activation as { getClassName(): string } | undefined;
  if (!a) return v;
  return activation(c.b, v, a.getClassName(), c.base) ?? refuse(c.layer, `activation ${a.getClassName()} has no ONNX form here`);
}

export const biasOf = (c: LayerCall): string[] => {
  const l = fields(c);
  if (!l.useBias || !l.bias) return [];
  const { data } = weight(c, 'bias');
  return [c.b.floats(`${c.base}_bias`, [data.length], data)];
};

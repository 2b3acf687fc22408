// The layout of a value while an ONNX graph runs on tfjs. ONNX images are
// NCHW; tfjs convolutions and pools are NHWC. A rank-4 value produced by a
// layout-aware op (Conv, pooling, BatchNormalization, elementwise ops on such
// values, Concat, Resize, Pad) is held transposed, as [N,H,W,C], and tagged
// `nhwc`; every other op sees the ONNX layout, materialised by `plain`. So
// Flatten, Reshape, Transpose, Gather and Slice always read NCHW order (the
// classic silent bug — a Flatten over NHWC memory — cannot happen), and the
// transposes are paid only where a layout-sensitive op meets an image value.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { AttrValue, ConstTensor, OnnxNode } from './proto';

export interface Value {
  t: tf.Tensor;
  /** A rank-4 ONNX tensor [N,C,H,W] held as [N,H,W,C]. */
  nhwc: boolean;
}

/** Where ONNX axis a of an NCHW tensor lives in its NHWC form. */
export const NHWC_AXIS = [0, 3, 1, 2];
/** The ONNX axis held at NHWC position i (the inverse of NHWC_AXIS). */
export const NHWC_HOLDS = [0, 2, 3, 1];

export const plainValue = (t: tf.Tensor): Value => ({ t, nhwc: false });
export const nhwcValue = (t: tf.Tensor): Value => ({ t, nhwc: true });

/** The value in ONNX layout. */
export function plain(v: Value): tf.Tensor {
  return v.nhwc ? tf.transpose(v.t, [0, 3, 1, 2]) : v.t;
}

/** The value as NHWC (a plain rank-4 value is transposed; other ranks are refused). */
export function asNhwc(v: Value, where: string): tf.Tensor4D {
  if (v.nhwc) return v.t as tf.Tensor4D;
  if (v.t.rank !== 4) throw new StudioError('bad-model', `${where}: expects an image tensor [N,C,H,W], got rank ${v.t.rank}`);
  return tf.transpose(v.t, [0, 2, 3, 1]) as tf.Tensor4D;
}

/** The ONNX shape of a value. */
export function onnxShape(v: Value): number[] {
  const s = v.t.shape as number[];
  return v.nhwc ? [s[0], s[3], s[1], s[2]] : s;
}

/** An ONNX axis (negative allowed) of a rank-r tensor, normalised. */
export function axisOf(a: number, rank: number, where: string): number {
  const ax = a < 0 ? a + rank : a;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) throw new StudioError('bad-model', `${where}: axis ${a} out of range for rank ${rank}`);
  return ax;
}

/** Small integer values (shapes, axes, pads) read on the host. */
export function ints(v: Value | undefined): number[] {
  if (!v) return [];
  return Array.from(plainData(v));
}

function plainData(v: Value): ArrayLike<number> {
  if (!v.nhwc) return v.t.dataSync() as ArrayLike<number>;
  const t = plain(v);
  const d = t.dataSync() as ArrayLike<number>;
  t.dispose();
  return d;
}

/**
 * Broadcast operands to one layout: if any is NHWC, the others are brought
 * to rank 4 by numpy's right-aligned broadcasting and transposed too, so a
 * [C,1,1] bias meets the channel axis wherever it is held.
 */
export function alignOperands(vs: Value[]): { ts: tf.Tensor[]; nhwc: boolean } {
  if (!vs.some((v) => v.nhwc)) return { ts: vs.map((v) => v.t), nhwc: false };
  const ts = vs.map((v) => {
    if (v.nhwc) return v.t;
    if (v.t.rank > 4) throw new StudioError('bad-model', `a rank-${v.t.rank} operand broadcast against an image tensor`);
    if (v.t.size === 1) return v.t.reshape([]);
    const r4 = v.t.rank === 4 ? v.t : v.t.reshape([...Array(4 - v.t.rank).fill(1), ...v.t.shape]);
    return tf.transpose(r4, [0, 2, 3, 1]);
  });
  return { ts, nhwc: true };
}

export function toTensor(c: ConstTensor): tf.Tensor {
  return tf.tensor(c.data, c.shape, c.dtype);
}

/** Attribute readers for one node, with ONNX defaults. */
export function attrs(node: OnnxNode) {
  const get = <T extends AttrValue>(name: string, dflt: T): T => (node.attrs[name] ?? dflt) as T;
  return {
    int: (name: string, dflt: number) => get<number>(name, dflt),
    float: (name: string, dflt: number) => get<number>(name, dflt),
    str: (name: string, dflt: string) => get<string>(name, dflt),
    ints: (name: string, dflt: number[]) => get<number[]>(name, dflt),
    has: (name: string) => node.attrs[name] !== undefined,
    tensor: (name: string) => node.attrs[name] as ConstTensor | undefined,
  };
}

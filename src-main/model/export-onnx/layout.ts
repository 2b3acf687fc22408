// Where a Keras tensor sits in the exported graph. Keras (channels-last)
// tensors [n, h, w, c] are held NCHW from the first convolution on, so that
// onnxruntime runs its NCHW kernels without a transpose per op; the Keras
// order comes back (one Transpose) only where a layer reads it — Flatten,
// Reshape, a Dense on a rank-4 tensor — so that flattening orders elements
// exactly as tfjs does. Each transpose is made once per value.
import type { OnnxBuilder } from './builder';

export interface Val {
  name: string;
  /** The Keras shape without the batch axis ([h, w, c] for an image tensor). */
  shape: number[];
  /** Held [n, c, h, w] rather than in the Keras order (rank-4 tensors only). */
  nchw: boolean;
}

/** Keras axis k of a rank-4 tensor is ONNX axis TO_NCHW[k] when held NCHW. */
const TO_NCHW = [0, 2, 3, 1];

export class Layout {
  private readonly memo = new Map<string, Val>();
  constructor(readonly b: OnnxBuilder) {}

  /** The tensor held NCHW (a rank-4 tensor only). */
  nchw(v: Val): Val {
    if (v.nchw || v.shape.length !== 3) return v;
    return this.transposed(v, [0, 3, 1, 2], true);
  }

  /** The tensor in the Keras order. */
  keras(v: Val): Val {
    return v.nchw ? this.transposed(v, [0, 2, 3, 1], false) : v;
  }

  /** Inputs of an elementwise layer in one layout: NCHW if any is and all are rank 4, else Keras order. */
  same(vs: Val[]): Val[] {
    const toNchw = vs.some((v) => v.nchw) && vs.every((v) => v.shape.length === 3);
    return vs.map((v) => (toNchw ? this.nchw(v) : this.keras(v)));
  }

  private transposed(v: Val, perm: number[], nchw: boolean): Val {
    const key = `${v.name}|${nchw}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const made = { name: this.b.op('Transpose', [v.name], { perm }, `${v.name}_${nchw ? 'nchw' : 'nhwc'}`), shape: v.shape, nchw };
    this.memo.set(key, made);
    // The way back is the value we started from.
    this.memo.set(`${made.name}|${!nchw}`, v);
    return made;
  }
}

/** A Keras axis (negative counts from the end; rank includes the batch) → the ONNX axis of `v` as held. */
export function onnxAxis(v: Val, axis: number): number {
  const rank = v.shape.length + 1;
  const k = axis < 0 ? axis + rank : axis;
  return v.nchw ? TO_NCHW[k] : k;
}

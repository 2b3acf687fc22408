// The image input of any model format: [n,h,w] (grey) or [n,h,w,c] with c 1
// or 3, unknown sides defaulting to 224 with a warning.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';

const DEFAULT_SIDE = 224;

export function spatialFromInput(shape: (number | null)[], warnings: string[]): { h: number; w: number; c: number } {
  const bad = shape.slice(1).find((d) => d != null && !(Number.isInteger(d) && d > 0));
  if (bad !== undefined)
    throw new StudioError('unsupported-input', `model input shape [${shape.join(',')}] has a dimension that is not a positive integer (${bad})`);
  if (shape.length === 3) return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c: 1 };
  if (shape.length !== 4) throw new StudioError('unsupported-input', `model input shape [${shape.join(',')}] is not an image (expected [n,h,w] or [n,h,w,c])`);
  if (shape[1] == null || shape[2] == null) warnings.push(`input size is not fixed; using ${DEFAULT_SIDE}×${DEFAULT_SIDE}`);
  const c = shape[3] ?? 3;
  if (c !== 1 && c !== 3) throw new StudioError('unsupported-input', `model input has ${c} channels; only 1 (grey) and 3 (RGB) are supported`);
  return { h: shape[1] ?? DEFAULT_SIDE, w: shape[2] ?? DEFAULT_SIDE, c };
}

/** The NHWC batch in the model's own input rank (rank 3 drops the channel axis). */
export function toModelRank(x: tf.Tensor4D, rank: number): tf.Tensor {
  return rank === 3 ? x.reshape([x.shape[0], x.shape[1], x.shape[2]]) : x;
}

// The batched perturb-and-score loop shared by every perturbation method
// (Score-CAM, Ablation-CAM, occlusion, RISE, LIME…). Only one batch of
// perturbed tensors lives at a time (K masked 224² inputs would be K × 600 kB),
// the per-batch scores stay on the device and are read once at the end (no
// data sync inside the loop), and between batches the loop yields so a cancel
// can arrive.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../core/jobs';
import type { ExplainContext } from './types';

export type BatchContext = Pick<ExplainContext, 'signal' | 'progress'>;

/** [start, end) ranges of `batch` items covering 0..total. */
export function* batchRanges(total: number, batch: number): Generator<[number, number]> {
  const b = Math.max(1, Math.floor(batch));
  for (let s = 0; s < total; s += b) yield [s, Math.min(total, s + b)];
}

/**
 * Scores `total` perturbations, `batch` per forward pass: `make(start, end)`
 * builds one batch and `score` maps it to its [n] target scores, both inside
 * a tidy so the batch is freed before the next one. Returns the `total` scores.
 */
export function scoreInBatches(
  ctx: BatchContext,
  total: number,
  batch: number,
  make: (start: number, end: number) => tf.Tensor,
  score: (xs: tf.Tensor) => tf.Tensor1D,
  label = 'batch',
): Promise<Float32Array> {
  return loop(ctx, total, batch, label, async (s, e) => tf.tidy(() => score(make(s, e))));
}

/**
 * scoreInBatches for a score computed on another runtime (model/forward.ts:
 * onnxruntime), which is awaited: the batch is made in a tidy and freed after
 * its score is in; the score tidies its own intermediates.
 */
export function scoreInBatchesAsync(
  ctx: BatchContext,
  total: number,
  batch: number,
  make: (start: number, end: number) => tf.Tensor,
  score: (xs: tf.Tensor) => Promise<tf.Tensor1D>,
  label = 'batch',
): Promise<Float32Array> {
  return loop(ctx, total, batch, label, async (s, e) => {
    const xs = tf.tidy(() => make(s, e));
    try {
      return await score(xs);
    } finally {
      xs.dispose();
    }
  });
}

async function loop(
  ctx: BatchContext,
  total: number,
  batch: number,
  label: string,
  one: (s: number, e: number) => Promise<tf.Tensor1D>,
): Promise<Float32Array> {
  const parts: tf.Tensor1D[] = [];
  try {
    for (const [s, e] of batchRanges(total, batch)) {
      parts.push(await one(s, e));
      ctx.progress(e, total, `${label} ${e}/${total}`);
      await yieldToLoop();
      ctx.signal.check();
    }
    const all = parts.length === 1 ? parts[0] : tf.concat(parts);
    const out = (await all.data()) as Float32Array;
    if (all !== parts[0]) all.dispose();
    return out;
  } finally {
    tf.dispose(parts);
  }
}

// The batched perturb-and-score loop shared by every perturbation method
// (Score-CAM, Ablation-CAM, occlusion, RISE, LIME…). Only one batch of
// perturbed tensors lives at a time (K masked 224² inputs would be K × 600 kB),
// and between batches the loop yields so a cancel can arrive. Each batch's
// scores are read as it ends, so that batches can run in other engine workers
// (core/share.ts) and be merged in batch order: the same scores for any N.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import type { ExplainContext } from './types';

export type BatchContext = Pick<ExplainContext, 'signal' | 'progress'>;

/** [start, end) ranges of `batch` items covering 0..total. */
export function* batchRanges(total: number, batch: number): Generator<[number, number]> {
  const b = Math.max(1, Math.floor(batch));
  for (let s = 0; s < total; s += b) yield [s, Math.min(total, s + b)];
}

/**
 * batchRanges cut into at least 8 ranges where `total` allows (each at most
 * `batch`), so a job split across workers balances (core/share.ts); the cut
 * depends on total and batch only, never on how many workers take part.
 */
export function shareRanges(total: number, batch: number): [number, number][] {
  return [...batchRanges(total, Math.min(Math.max(1, Math.floor(batch)), Math.ceil(total / 8)))];
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

/** Chunks and reads one batch's scores (a plain array, so another worker may compute it: core/share.ts). */
async function loop(
  ctx: BatchContext,
  total: number,
  batch: number,
  label: string,
  one: (s: number, e: number) => Promise<tf.Tensor1D>,
): Promise<Float32Array> {
  const ranges = [...batchRanges(total, batch)];
  const parts = await sharedMap(
    ranges.length,
    async (b) => {
      ctx.signal.check();
      const scores = await one(...ranges[b]);
      try {
        return (await scores.data()) as Float32Array;
      } finally {
        scores.dispose();
        await yieldToLoop();
      }
    },
    { onItem: (k, own, b) => reportShare(ctx, k, own, total, label, own === ranges.length ? ranges[b][1] : undefined) },
  );
  ctx.signal.check();
  // Concatenated in batch order (a batch may give several values per item: TCAV's activations).
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Progress of a replica's share, as a share of the whole (replicas run at about
 * the same pace); `exact`, the items done when this replica computes them all.
 */
export function reportShare(ctx: BatchContext, k: number, own: number, total: number, label: string, exact?: number): void {
  const done = exact ?? Math.round((total * k) / own);
  ctx.progress(done, total, `${label} ${done}/${total}`);
}

/** Σ parts, elementwise in float32 and in list order (the merge of shared partial sums). */
export function sumInOrder(parts: ArrayLike<number>[], size: number): Float32Array {
  const acc = new Float32Array(size);
  for (const v of parts) for (let j = 0; j < size; j++) acc[j] += v[j];
  return acc;
}

// Class probabilities of batches of perturbed inputs: the one model-side
// primitive the fidelity metrics share (Average Drop, deletion/insertion, ADCC).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { forwardLogits } from '../model/forward';
import { probabilities } from '../model/head';
import { scoreInBatchesAsync, type BatchContext } from '../explainers/batches';

/** softmax(S(x))[target_i] (sigmoid for a multi-label head) for each row i of an [n,h,w,c] batch, as [n]; forward-only, on the fastest runtime. */
export async function targetProbabilities(model: Classifier, xs: tf.Tensor4D, targets: ArrayLike<number>): Promise<tf.Tensor1D> {
  const l = await forwardLogits(model, xs);
  try {
    return tf.tidy(() => {
      const p = probabilities(model.head, l);
      return p.mul(tf.oneHot(tf.tensor1d(Array.from(targets), 'int32'), p.shape[1])).sum(1) as tf.Tensor1D;
    });
  } finally {
    l.dispose();
  }
}

export interface ProbabilityJob {
  /** Rows in all. */
  total: number;
  /** Builds rows [start, end) as one [end−start, h, w, c] batch. */
  make(start: number, end: number): tf.Tensor4D;
  /** The class whose probability row i is scored on. */
  target(row: number): number;
}

/** Scores a job `batch` rows per forward pass (explainers/batches.ts): one read at the end. */
export function probabilitiesInBatches(model: Classifier, job: ProbabilityJob, batch: number, ctx: BatchContext, label: string): Promise<Float32Array> {
  let start = 0;
  return scoreInBatchesAsync(
    ctx,
    job.total,
    batch,
    (s, e) => {
      start = s;
      return job.make(s, e);
    },
    (xs) =>
      targetProbabilities(
        model,
        xs as tf.Tensor4D,
        Array.from({ length: xs.shape[0] }, (_, i) => job.target(start + i)),
      ),
    label,
  );
}

/** x ⊙ m for a [1,h,w,c] input and an [h,w] map already in [0,1]: [1,h,w,c]. */
export function explanationMap(x: tf.Tensor4D, map01: Float32Array): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.tidy(() => x.mul(tf.tensor4d(map01, [1, h, w, 1])) as tf.Tensor4D);
}

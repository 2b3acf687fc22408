// Shared by the perturbation metrics added with ROAD-era evaluation (faithfulness correlation,
// monotonicity): every pair gets `rows` perturbed copies of its input, each built on the host
// from the image and its zero (black) baseline, and all rows of all pairs are scored in one
// batched job, as deletion-insertion.ts does.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import { fillImage } from '../explainers/perturbation/fill';
import type { Classifier } from '../model/classifier';
import type { MapItem } from './average-drop';
import { probabilitiesInBatches } from './scoring';

/** Writes row r of item i into `row` (already a copy of the image); x is the image, b its baseline, c the channels. */
export type RowBuilder = (i: number, r: number, row: Float32Array, x: Float32Array, b: Float32Array, c: number) => void;

/** Target probability of each row, item-major: [items · rows]. */
export async function perturbedProbabilities(
  model: Classifier,
  items: readonly MapItem[],
  rows: number,
  build: RowBuilder,
  opts: { batch?: number; preprocess?: PreprocessSpec },
  ctx: BatchContext,
  label: string,
): Promise<Float32Array> {
  const fills = items.map((it) => fillImage(it.input, 'zero', { preprocess: opts.preprocess }));
  try {
    const data = items.map((it, i) => ({ x: it.input.dataSync() as Float32Array, b: fills[i].dataSync() as Float32Array }));
    const make = (s: number, e: number): tf.Tensor4D => {
      const [, h, w, c] = items[Math.floor(s / rows)].input.shape;
      const size = h * w * c;
      const out = new Float32Array((e - s) * size);
      for (let q = s; q < e; q++) {
        const i = Math.floor(q / rows);
        const row = out.subarray((q - s) * size, (q - s + 1) * size);
        row.set(data[i].x);
        build(i, q % rows, row, data[i].x, data[i].b, c);
      }
      return tf.tensor4d(out, [e - s, h, w, c]);
    };
    return await probabilitiesInBatches(
      model,
      { total: items.length * rows, make, target: (q) => items[Math.floor(q / rows)].target },
      opts.batch ?? 32,
      ctx,
      label,
    );
  } finally {
    tf.dispose(fills);
  }
}

// Average Drop and Average Increase / Increase in Confidence (Chattopadhyay et
// al. 2018, Grad-CAM++), on the target-class probability Y of the image and O
// of its explanation map x ⊙ m (m min-max normalised to [0,1], applied in the
// model's input space as pytorch-grad-cam's metrics do):
//   Average Drop     = mean_i max(0, Y_i − O_i) / Y_i · 100   (lower is better)
//   Average Increase = mean_i 1[O_i > Y_i] · 100              (higher is better)
// The per-image terms below are what an evaluation row holds; a summary's mean
// of them is the paper's metric.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import type { BatchContext } from '../explainers/batches';
import { normalise01 } from './maps';
import { explanationMap, probabilitiesInBatches } from './scoring';

/** One image's drop, in percent of Y. */
export function drop(y: number, o: number): number {
  return y > 0 ? (Math.max(0, y - o) / y) * 100 : 0;
}

/** One image's increase indicator, 0 or 100 (so its mean is a percentage). */
export function increase(y: number, o: number): number {
  return o > y ? 100 : 0;
}

export interface MapItem {
  /** [1,h,w,c], owned by the caller. */
  input: tf.Tensor4D;
  target: number;
  /** Raw [h,w] map; normalised here. */
  map: Float32Array;
}

/** O for each item: the target probability of x ⊙ normalise01(map), `batch` items per forward pass. */
export function explanationMapProbabilities(model: Classifier, items: readonly MapItem[], batch: number, ctx: BatchContext): Promise<Float32Array> {
  return probabilitiesInBatches(
    model,
    {
      total: items.length,
      make: (s, e) => tf.tidy(() => tf.concat(items.slice(s, e).map((it) => explanationMap(it.input, normalise01(it.map))))),
      target: (i) => items[i].target,
    },
    batch,
    ctx,
    'explanation maps',
  );
}

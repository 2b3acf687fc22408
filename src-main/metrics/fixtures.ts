// Test fixtures: a 2×2 grey "image" classifier whose class-0 logit is linear,
// S0 = w·x + b, S1 = 0, so p0 = σ(w·x + b) can be computed by hand.
import * as tf from '@tensorflow/tfjs';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import type { BatchContext } from '../explainers/batches';

export function linearClassifier(w: number[], b: number, hw: [number, number] = [2, 2]): Classifier {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [hw[0], hw[1], 1] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  const kernel = tf.tensor2d(
    w.flatMap((v) => [v, 0]),
    [w.length, 2],
  );
  const bias = tf.tensor1d([b, 0]);
  model.layers[1].setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return layersClassifier(model);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function batchCtx(): BatchContext & { calls: string[] } {
  const calls: string[] = [];
  return { calls, signal: new CancelToken(), progress: (_d, _t, m) => void calls.push(m ?? '') };
}

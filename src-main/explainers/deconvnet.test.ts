import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelToken } from '../core/jobs';
import { layersClassifier } from '../model/layers-classifier';
import { deconvnet } from './deconvnet';
import { describeEachBackend } from '../testing/each-backend';

// The guided-backprop test's tiny net (real models for both rules are tested there).
function tinyClassifier() {
  const m = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [1, 2, 1] }), tf.layers.dense({ units: 3, activation: 'relu' }), tf.layers.dense({ units: 2, useBias: false })],
  });
  m.layers[1].setWeights([
    tf.tensor2d([
      [1, -1, 2],
      [1, 1, -1],
    ]),
    tf.tensor1d([0, 0, -1]),
  ]);
  m.layers[2].setWeights([
    tf.tensor2d([
      [1, 0],
      [-2, 0],
      [3, 0],
    ]),
  ]);
  return layersClassifier(m);
}
const ctxFor = (model: ReturnType<typeof tinyClassifier>, input: tf.Tensor4D, target: number) => ({
  model,
  input,
  target,
  layer: null,
  params: {},
  signal: new CancelToken(),
  progress: () => {},
});

describeEachBackend(['wasm', 'cpu'], 'deconvnet', () => {
  it('matches the hand computation on a tiny net, whatever the forward signs', async () => {
    const c = tinyClassifier();
    // dS/dh = [1, −2, 3] → ReLU(dy) = [1, 0, 3] → dx = W1·[1, 0, 3] = [1 + 6, 1 − 3] = [7, −2],
    // for any input: DeconvNet ignores x at the ReLU (x = [−5, 0] has every unit off).
    for (const v of [
      [1, 2],
      [-5, 0],
    ]) {
      const x = tf.tensor4d(v, [1, 1, 2, 1]);
      const before = tf.memory().numTensors;
      const out = await deconvnet.run(ctxFor(c, x, 0));
      expect(Array.from(out.map)).toEqual([7, -2]);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    }
  });
});

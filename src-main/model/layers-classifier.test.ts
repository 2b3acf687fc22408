import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { layersClassifier } from './layers-classifier';

// x(2) → Dense(3, relu) "d1" → BatchNorm "bn" → Dense(2, softmax) "d2", trained weights set by hand.
function tiny(): tf.LayersModel {
  const x = tf.input({ shape: [1, 2, 1] });
  const f = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const d1 = tf.layers.dense({ name: 'd1', units: 3, activation: 'relu' }).apply(f) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(d1) as tf.SymbolicTensor;
  const m = tf.model({ inputs: x, outputs: tf.layers.dense({ name: 'd2', units: 2, activation: 'softmax' }).apply(bn) as tf.SymbolicTensor });
  const set = (name: string, ws: tf.Tensor[]): void => {
    m.getLayer(name).setWeights(ws);
    tf.dispose(ws);
  };
  set('d1', [
    tf.tensor2d([
      [1, -1, 2],
      [1, 1, -1],
    ]),
    tf.tensor1d([0.5, 0.5, 0.5]),
  ]);
  set('bn', [tf.fill([3], 2), tf.fill([3], 0.25), tf.fill([3], 0.5), tf.fill([3], 4)]);
  set('d2', [
    tf.tensor2d([
      [1, 0],
      [-2, 1],
      [3, 0],
    ]),
    tf.tensor1d([0.5, -0.5]),
  ]);
  return m;
}
const weights = (layer: tf.layers.Layer): number[] => layer.getWeights().flatMap((w) => Array.from(w.dataSync()));

describe('the LayersModel classifier', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('has every capability; its layer graph ends at the pre-softmax scores', () => {
    const m = tiny();
    const c = layersClassifier(m);
    expect([c.supportsSplit, c.supportsBackwardRules, c.hasKerasWeights, c.logitsFromSoftmax]).toEqual([true, true, true, true]);
    expect(c.layerGraph!.logits).toBe(m.outputs[0]); // the fused softmax was swapped for identity
    expect(c.layerGraph!.input).toBe(m.inputs[0]);
    expect(c.layerGraph!.getLayer('bn')).toBe(m.getLayer('bn'));
    expect(c.randomisableLayers()).toEqual(['d2', 'd1']);
    c.dispose();
  });

  it("randomisedCopy('all') re-initialises every weighted layer (batch norm included); its variables are the copy's own", async () => {
    const c = layersClassifier(tiny());
    const x = tf.tensor4d([1, 2], [1, 1, 2, 1]);
    const before = tf.memory().numTensors;
    const r = await c.randomisedCopy('all', 3);
    expect(r.logitsFromSoftmax).toBe(true);
    for (const name of ['d1', 'bn', 'd2']) expect(weights(r.layerGraph!.getLayer(name))).not.toEqual(weights(c.layerGraph!.getLayer(name)));
    // BN starts from its own initializers: γ = 1, β = 0, mean 0, variance 1.
    expect(weights(r.layerGraph!.getLayer('bn'))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const vars = r.trainableVariables();
    expect(vars.map((v) => v.shape)).toEqual([[2, 3], [3], [3], [3], [3, 2], [2]]);
    const scores = (k: typeof c): number[] => tf.tidy(() => Array.from(k.logits(x).dataSync()));
    const trained = scores(c);
    tf.tidy(() => vars.forEach((v) => v.assign(tf.zerosLike(v))));
    expect(scores(r)).toEqual([0, 0]);
    expect(scores(c)).toEqual(trained);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    c.dispose();
  });
});

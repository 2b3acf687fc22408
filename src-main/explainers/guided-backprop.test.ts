import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { noBackwardRules } from '../model/refusals';
import { HAVE_SHARED, SHARED_MODELS, demo } from '../testing/shared-data';
import { deconvnet } from './deconvnet';
import { guidedBackprop } from './guided-backprop';
import { classScoreGradient } from './saliency';
import type { Method } from './types';

/** A [1,1,2,1] image → Dense(3, relu) → Dense(2), weights chosen for hand computation. */
function tinyClassifier(): Classifier {
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

const ctxFor = (model: Classifier, input: tf.Tensor4D, target: number, params = {}) => ({
  model,
  input,
  target,
  layer: null,
  params,
  signal: new CancelToken(),
  progress: () => {},
});

/** Runs a method on a real model; checks tensors, restoration, and that the rule changed the gradient. */
async function checkOnModel(method: Method, c: Classifier, x: tf.Tensor4D, target: number): Promise<{ map: Float32Array; plain: Float32Array }> {
  const grad = () =>
    tf.tidy(
      () =>
        classScoreGradient((t) => c.logits(t), x, target)
          .sum(3)
          .dataSync() as Float32Array,
    );
  const plain = grad();
  const before = tf.memory().numTensors;
  const out = await method.run(ctxFor(c, x, target));
  expect(tf.memory().numTensors).toBe(before);
  expect(out.shape).toEqual([x.shape[1], x.shape[2]]);
  expect(out.map.every(Number.isFinite)).toBe(true);
  expect(Array.from(grad())).toEqual(Array.from(plain)); // the model is back to its ordinary backward
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < plain.length; i++) {
    diff = Math.max(diff, Math.abs(out.map[i] - plain[i]));
    scale = Math.max(scale, Math.abs(plain[i]));
  }
  expect(diff).toBeGreaterThan(1e-3 * scale);
  return { map: out.map, plain };
}

describe('guided backprop', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('matches the hand computation on a tiny net (z = [3, 1, −1], dS/dh = [1, −2, 3])', async () => {
    const c = tinyClassifier();
    const x = tf.tensor4d([1, 2], [1, 1, 2, 1]);
    // Only unit 0 has z > 0 and dy > 0: dx = W1[:,0]·1 = [1, 1]; the plain gradient is [3, −1].
    const before = tf.memory().numTensors;
    const out = await guidedBackprop.run(ctxFor(c, x, 0));
    expect(Array.from(out.map)).toEqual([1, 1]);
    expect(out.extras).toMatchObject({ reluSites: 1, otherSites: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(classScoreGradient((t) => c.logits(t), x, 0).dataSync())).toEqual([3, -1]);
  });

  it('refuses graph models by name', async () => {
    const c = { ...tinyClassifier(), ...noBackwardRules('graph-model') };
    await expect(guidedBackprop.run(ctxFor(c, tf.zeros([1, 1, 2, 1]) as tf.Tensor4D, 0))).rejects.toThrow(/needs a LayersModel/);
  });

  it('runs on the demo digits CNN: differs from the plain gradient, model restored', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (const m of [guidedBackprop, deconvnet]) await checkOnModel(m, classifier, x, 4);
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('guided backprop and deconvnet on shared models', () => {
  const open: Classifier[] = [];
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  afterAll(() => open.forEach((c) => c.dispose()));

  it('LeNet (Dense relu): both rules change the map; tensors and model restored', async () => {
    const { classifier } = await loadModelFromPath(SHARED_MODELS.lenet);
    open.push(classifier);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    for (const m of [guidedBackprop, deconvnet]) await checkOnModel(m, classifier, x, 3);
  });

  it('Darknet-tiny (BN + LeakyReLU + maxpool): 15 LeakyReLU sites ruled', async () => {
    const { classifier } = await loadModelFromPath(SHARED_MODELS.darknet);
    open.push(classifier);
    const x = tf.randomUniform([1, classifier.inputHeight, classifier.inputWidth, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (const m of [guidedBackprop, deconvnet]) await checkOnModel(m, classifier, x, 281);
    const out = await guidedBackprop.run(ctxFor(classifier, x, 281));
    expect(out.extras).toMatchObject({ reluSites: 15 });
  }, 60_000);
});

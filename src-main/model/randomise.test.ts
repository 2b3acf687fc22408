import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { type Classifier } from './classifier';
import { layersClassifier } from './layers-classifier';
import { type LoadedModel, loadModelFromPath } from './load';
import { demo } from '../testing/shared-data';
import { randomisableLayers, randomisationSteps, randomisedClassifier } from './randomise';

const weightsOf = (m: Classifier, layer: string): number[] =>
  m
    .layerGraph!.getLayer(layer)
    .getWeights()
    .flatMap((w) => Array.from(w.dataSync()));

describe('parameter randomisation', () => {
  let loaded: LoadedModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    loaded = await loadModelFromPath(demo('digits', 'model.json'));
    x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  });
  afterAll(() => {
    x.dispose();
    loaded.classifier.dispose();
  });

  it('steps: kernels from the top down; cascading accumulates, independent takes one at a time', () => {
    const layers = randomisableLayers(loaded.classifier);
    expect(layers).toEqual(['probs', 'conv2', 'conv1']);
    expect(randomisationSteps(layers, 'cascading').map((s) => s.layers)).toEqual([[], ['probs'], ['probs', 'conv2'], ['probs', 'conv2', 'conv1']]);
    expect(randomisationSteps(layers, 'independent').map((s) => s.layers)).toEqual([[], ['probs'], ['conv2'], ['conv1']]);
  });

  it('a copy re-initialises exactly the named layers, seeded, and leaves the original intact when disposed', async () => {
    const orig = loaded.classifier;
    const before = tf.memory().numTensors;
    const same = await orig.randomisedCopy([]);
    const a = await orig.randomisedCopy(['conv2'], 5);
    const b = await orig.randomisedCopy(['conv2'], 5);
    const c = await orig.randomisedCopy(['conv2'], 6);
    for (const l of ['conv1', 'probs']) expect(weightsOf(a, l)).toEqual(weightsOf(orig, l));
    expect(weightsOf(same, 'conv2')).toEqual(weightsOf(orig, 'conv2'));
    const [wa, wo] = [weightsOf(a, 'conv2'), weightsOf(orig, 'conv2')];
    expect(wa).toEqual(weightsOf(b, 'conv2'));
    expect(wa).not.toEqual(weightsOf(c, 'conv2'));
    expect(wa.filter((v, i) => v === wo[i]).length).toBeLessThan(20); // only the zero-initialised biases (16) may coincide
    // The layer's own initializer (He: VarianceScaling scale 2, fan_in 3·3·8, normal), which tfjs
    // draws truncated at 2σ: σ = √(2/72) = 1/6, |w| ≤ 1/3, sample std ≈ 0.88σ.
    const kernel = Array.from(a.layerGraph!.getLayer('conv2').getWeights()[0].dataSync());
    const sigma = Math.sqrt(2 / 72);
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(2 * sigma + 1e-6);
    const std = Math.sqrt(kernel.reduce((t, v) => t + v * v, 0) / kernel.length);
    expect(std / sigma).toBeGreaterThan(0.8);
    expect(std / sigma).toBeLessThan(0.95);
    [same, a, b, c].forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);
    expect(weightsOf(orig, 'conv2')).toEqual(wo);
  });

  it('the randomised classifier keeps pre-softmax logits (fused softmax) and the unrandomised copy matches exactly', async () => {
    const c = loaded.classifier;
    const r0 = await randomisedClassifier(c, []);
    const r1 = await randomisedClassifier(c, ['probs', 'conv2']);
    expect(r1.logitsFromSoftmax).toBe(true);
    const [l, l0, l1] = [c.logits(x), r0.logits(x), r1.logits(x)];
    expect(Array.from(l0.dataSync())).toEqual(Array.from(l.dataSync()));
    expect(Array.from(l1.dataSync())).not.toEqual(Array.from(l.dataSync()));
    // Logits, not probabilities: they do not sum to 1 and go negative.
    expect(Math.min(...l1.dataSync())).toBeLessThan(0);
    tf.dispose([l, l0, l1]);
    r0.dispose();
    r1.dispose();
  });

  it('a separate Softmax layer is cut off in the copy as in the original', async () => {
    const inp = tf.input({ shape: [2, 2, 1] });
    const d = tf.layers.dense({ units: 3, name: 'd' }).apply(tf.layers.flatten().apply(inp)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: tf.layers.softmax().apply(d) as tf.SymbolicTensor });
    const c = layersClassifier(model);
    const r = await randomisedClassifier(c, []);
    expect(r.logitsFromSoftmax).toBe(true);
    const v = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 2, 1]);
    const [a, b] = [c.logits(v), r.logits(v)];
    expect(b.shape).toEqual([1, 3]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, v]);
    r.dispose();
    model.dispose();
  });
});

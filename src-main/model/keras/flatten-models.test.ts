// Nested Keras models inlined at load, built and run: a hand-made Keras 2
// file whose nested Functional reuses an outer layer name and holds a
// BatchNormalization before its Dense (so the group's weight order matters),
// against the network written out with tf ops; and the two Teachable-Machine
// chest X-ray models, flat against nested, then as Classifiers split for CAM.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import type { Classifier } from '../classifier';
import { layersClassifier } from '../layers-classifier';
import { autoCamLayer, splitModel } from '../split';
import { loadKerasFile } from './index';
import { writeH5 } from './testing/fixtures';
import { cxrInput } from './testing/inputs';

const maxAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

let dir = '';
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'keras-flatten-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a Keras 2 Sequential[x, d, Functional inner[in, bn, d, sum = d + in], head]', () => {
  const node = (...names: string[]): unknown[][][] => [names.map((n) => [n, 0, 0, {}])];
  const inner = (trainable: boolean): object => ({
    class_name: 'Functional',
    config: {
      name: 'inner',
      trainable,
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', name: 'in' }, name: 'in', inbound_nodes: [] },
        {
          class_name: 'BatchNormalization',
          config: { name: 'bn', axis: [1], epsilon: 0.001, center: true, scale: true },
          name: 'bn',
          inbound_nodes: node('in'),
        },
        { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'linear', use_bias: true }, name: 'd', inbound_nodes: node('bn') },
        { class_name: 'Add', config: { name: 'sum' }, name: 'sum', inbound_nodes: node('d', 'in') },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['sum', 0, 0]],
    },
  });
  const config = (trainable: boolean): object => ({
    class_name: 'Sequential',
    config: {
      name: 'outer',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', name: 'x' } },
        { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'linear', use_bias: true } },
        inner(trainable),
        { class_name: 'Dense', config: { name: 'head', units: 2, activation: 'linear', use_bias: true } },
      ],
    },
  });
  const W: Record<string, { shape: number[]; values: number[] }> = {
    'd/kernel:0': { shape: [3, 3], values: [0.5, -1, 0.25, 1, 0.5, -0.5, 0, 1, 2] },
    'd/bias:0': { shape: [3], values: [0.1, 0.2, -0.3] },
    'bn/gamma:0': { shape: [3], values: [1.5, 0.5, 2] },
    'bn/beta:0': { shape: [3], values: [0.1, -0.2, 0.3] },
    'bn/moving_mean:0': { shape: [3], values: [0.2, -0.4, 1] },
    'bn/moving_variance:0': { shape: [3], values: [4, 0.25, 1] },
    'inner_d/kernel:0': { shape: [3, 3], values: [1, 0, 0.5, 0, -1, 0.5, 0.5, 0.5, 1] },
    'inner_d/bias:0': { shape: [3], values: [0, 0.5, -0.5] },
    'head/kernel:0': { shape: [3, 2], values: [1, -1, 0.5, 2, -0.25, 1] },
    'head/bias:0': { shape: [2], values: [0.05, -0.05] },
  };
  const bn = ['bn/gamma:0', 'bn/beta:0', 'bn/moving_mean:0', 'bn/moving_variance:0'];
  const dInner = ['d/kernel:0', 'd/bias:0'];
  // Keras saves a model's weights trainable first; a frozen model's all as non-trainable, layer by layer.
  const innerOrder = (trainable: boolean): string[] => (trainable ? [...bn.slice(0, 2), ...dInner, ...bn.slice(2)] : [...bn, ...dInner]);

  async function file(trainable: boolean): Promise<string> {
    const path = join(dir, `nested-${trainable}.h5`);
    const data: Record<string, { shape: number[]; values: number[] }> = {};
    for (const n of ['d/kernel:0', 'd/bias:0']) data[`model_weights/d/${n}`] = W[n];
    for (const n of bn) data[`model_weights/inner/${n}`] = W[n];
    for (const n of dInner) data[`model_weights/inner/${n}`] = W[`inner_${n}`];
    for (const n of ['head/kernel:0', 'head/bias:0']) data[`model_weights/head/${n}`] = W[n];
    await writeH5(path, {
      attrs: {
        '': { model_config: JSON.stringify(config(trainable)), keras_version: '2.4.0', backend: 'tensorflow' },
        model_weights: { layer_names: ['d', 'inner', 'head'] },
        'model_weights/d': { weight_names: ['d/kernel:0', 'd/bias:0'] },
        'model_weights/inner': { weight_names: innerOrder(trainable) },
        'model_weights/head': { weight_names: ['head/kernel:0', 'head/bias:0'] },
      },
      data,
    });
    return path;
  }

  const t = (n: string): tf.Tensor => tf.tensor(W[n].values, W[n].shape);
  const handWritten = (x: tf.Tensor2D): tf.Tensor =>
    tf.tidy(() => {
      const h = tf.add(tf.matMul(x, t('d/kernel:0') as tf.Tensor2D), t('d/bias:0'));
      const norm = tf.add(tf.mul(tf.div(tf.sub(h, t('bn/moving_mean:0')), tf.sqrt(tf.add(t('bn/moving_variance:0'), 0.001))), t('bn/gamma:0')), t('bn/beta:0'));
      const s = tf.add(tf.add(tf.matMul(norm as tf.Tensor2D, t('inner_d/kernel:0') as tf.Tensor2D), t('inner_d/bias:0')), h);
      return tf.add(tf.matMul(s as tf.Tensor2D, t('head/kernel:0') as tf.Tensor2D), t('head/bias:0'));
    });

  it.each([true, false])(
    'inner trainable %s: flat layers, the taken name prefixed, weights by the group order, the hand-written outputs',
    async (trainable) => {
      const path = await file(trainable);
      const flat = await loadKerasFile(path);
      const nested = await loadKerasFile(path, { flatten: false });
      const x = tf.tensor2d([
        [1, 2, 3],
        [-1, 0.5, 0],
      ]);
      try {
        expect(flat.model.layers.map((l) => [l.name, l.trainable])).toEqual([
          ['x', false], // tfjs InputLayers are never trainable
          ['d', true],
          ['bn', trainable],
          ['inner/d', trainable],
          ['sum', trainable],
          ['head', true],
        ]);
        expect(flat.renamed).toEqual({ 'inner/d': 'inner/d' });
        expect(flat.warnings).toContain('nested layers renamed, their names were taken: "d" of inner → "inner/d"');
        expect(nested.model.layers.map((l) => l.name)).toEqual(['x', 'd', 'inner', 'head']);
        const want = handWritten(x);
        const got = flat.model.predict(x) as tf.Tensor;
        expect(maxAbs(got, want)).toBeLessThan(1e-5);
        const viaNested = nested.model.predict(x) as tf.Tensor;
        expect(maxAbs(got, viaNested)).toBe(0);
        tf.dispose([want, got, viaNested]);
      } finally {
        x.dispose();
        flat.model.dispose();
        nested.model.dispose();
      }
    },
  );
});

describe.skipIf(!HAVE_SHARED)('Teachable-Machine chest X-ray models, flattened', () => {
  const nih = ['nih_cxr14_00000001_000.png', 'nih_cxr14_00027426_000.png'];
  let inputs: tf.Tensor4D[] = [];
  beforeAll(async () => {
    inputs = await Promise.all(nih.map((p) => cxrInput(shared('images', p))));
  });
  afterAll(() => tf.dispose(inputs));

  it.each([
    ['cxr_covid_teachable_h5/keras_model.h5', 1, [0.9999, 0.9999]],
    ['cxr_pneumonia_teachable_h5/pneumonia_classifier.h5', 0, [0.9934, 0.9676]],
  ])('%s: every trunk layer at top level, outputs bit-identical to the nested build, CAM on out_relu (7×7) splits exactly', async (file, cls, documented) => {
    const flat = await loadKerasFile(shared('keras', file));
    const nested = await loadKerasFile(shared('keras', file), { flatten: false });
    let c: Classifier | null = null;
    try {
      expect(flat.warnings).toEqual([]);
      expect(nested.model.layers.length).toBe(3);
      expect(flat.model.layers.length).toBe(158); // the input, 155 trunk layers, the pooling and two Dense
      expect(flat.model.countParams()).toBe(nested.model.countParams());
      const run = (m: tf.LayersModel): Float32Array[] => inputs.map((x) => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array));
      const probs = run(nested.model);
      const flatProbs = run(flat.model);
      // Same ops in the same order: the same float32 bits, not merely close.
      const differing = flatProbs.flatMap((p, i) => Array.from(p).filter((v, j) => v !== probs[i][j]));
      expect(differing).toEqual([]);
      documented.forEach((d, i) => expect(Math.abs(probs[i][cls] - d)).toBeLessThan(0.005));

      // The Classifier swaps the head's fused softmax for identity, so it comes after the outputs are compared.
      c = layersClassifier(flat.model);
      const eligible = c.layers.filter((l) => l.camEligible);
      expect(c.layers.length).toBe(158);
      expect(c.layers.filter((l) => l.className === 'Conv2D').every((l) => l.camEligible)).toBe(true);
      expect(eligible.length).toBe(154); // every layer but the input, the pooling and the two Dense
      expect(autoCamLayer(c.layers)).toBe('out_relu');
      expect(c.layers.find((l) => l.name === 'out_relu')?.outputShape).toEqual([null, 7, 7, 1280]);
      // The classifier's logits are now pre-softmax (the head's fused softmax is seen): softmax gives the nested outputs back.
      expect(c.logitsFromSoftmax).toBe(true);
      for (const [i, x] of inputs.entries()) {
        const logits = c.logits(x);
        const p = tf.softmax(logits);
        expect(tf.tidy(() => maxAbs(p, tf.tensor(probs[i], p.shape)))).toBeLessThan(1e-6);
        // out_relu, and block_5_project_BN, whose head needs the skip tensor of block_4_add.
        for (const layer of ['out_relu', 'block_5_project_BN']) {
          const s = splitModel(c, layer);
          const [a, ...side] = s.features(x);
          expect(side.length).toBe(layer === 'out_relu' ? 0 : 1);
          const h = s.head(a as tf.Tensor4D, side);
          const d = maxAbs(h, logits);
          console.log(`[keras flatten] ${file} ${nih[i]} head(features(x)) − logits(x) at ${layer}: ${d.toExponential(2)}`);
          expect(d).toBeLessThan(1e-5);
          tf.dispose([a, ...side, h]);
        }
        tf.dispose([logits, p]);
      }
    } finally {
      if (c) c.dispose();
      else flat.model.dispose();
      nested.model.dispose();
    }
  });
});

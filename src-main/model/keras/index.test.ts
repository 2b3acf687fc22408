// Every trained Keras file in ../shared/data/keras, loaded directly and run on
// real inputs, against the predictions PROVENANCE-keras-onnx.md documents.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { digitsTensor, loadMnist } from '../../sanity/digits-data';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { findKerasJsonH5, loadKerasFile, loadKerasJsonH5 } from './index';
import { accuracy, cxrInput, digitPng, fashionTiles } from './testing/inputs';

const KERAS = (...p: string[]): string => shared('keras', ...p);

/** `perClass` held-out MNIST digits of each class from the `mnist` package (already 0..1), with labels. */
function mnistDigits(perClass: number): { x: tf.Tensor4D; labels: number[] } {
  const { x, labels } = digitsTensor(loadMnist(perClass).test);
  return { x, labels: Array.from(labels) };
}

const probs = (m: tf.LayersModel, x: tf.Tensor): number[] => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync()));
const argmax = (v: number[]): number => v.indexOf(Math.max(...v));

describe.skipIf(!HAVE_SHARED)('Keras files from ../shared/data/keras', () => {
  let digits: { x: tf.Tensor4D; labels: number[] };
  let repoDigits: tf.Tensor4D[];
  let fashion: { x: tf.Tensor4D; labels: number[] };
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    digits = mnistDigits(30); // 300 held-out MNIST digits, 30 per class
    repoDigits = await Promise.all(['1.png', '8.png'].map((p) => digitPng(KERAS('moonflower_mnist_h5_keras3', p))));
    fashion = await fashionTiles(KERAS('_inputs', 'fashion-mnist-sprite.png'));
  });
  afterAll(() => tf.dispose([digits.x, ...repoDigits, fashion.x]));

  describe('MNIST classifiers (x/255)', () => {
    it.each([
      ['moonflower_mnist_h5_keras3/mnist_model.h5', '3.1.1'],
      ['moonflower_mnist_h5_keras3/mnist_model.keras', '3.1.1'],
      ['nhanpham_mnist_keras3/model.keras', '3.8.0'],
    ])('%s (Keras %s) classifies real digits', async (file, version) => {
      const { model, kerasVersion, warnings } = await loadKerasFile(KERAS(file));
      try {
        expect(kerasVersion).toBe(version);
        expect(warnings).toEqual([]);
        expect(accuracy(model, digits.x, digits.labels)).toBeGreaterThanOrEqual(0.98);
        const [one, eight] = repoDigits.map((x) => probs(model, x));
        expect(argmax(one)).toBe(1);
        expect(argmax(eight)).toBe(8);
        expect(Math.min(one[1], eight[8])).toBeGreaterThan(0.99);
      } finally {
        model.dispose();
      }
    });

    it('the Keras 3.1.1 .keras and legacy .h5 copies: same architecture, same answers (their stored weights differ)', async () => {
      const a = await loadKerasFile(KERAS('moonflower_mnist_h5_keras3/mnist_model.h5'));
      const b = await loadKerasFile(KERAS('moonflower_mnist_h5_keras3/mnist_model.keras'));
      try {
        expect(a.model.layers.map((l) => [l.getClassName(), l.weights.map((w) => w.shape)])).toEqual(
          b.model.layers.map((l) => [l.getClassName(), l.weights.map((w) => w.shape)]),
        );
        const [pa, pb] = [a, b].map(({ model }) => tf.tidy(() => Array.from((model.predict(digits.x) as tf.Tensor).argMax(-1).dataSync())));
        expect(pa.filter((p, i) => p === pb[i]).length / pa.length).toBeGreaterThanOrEqual(0.98);
        // Not one model saved twice: the files were saved from two trainings (see the test of the
        // two weight paths on identical weights in weights-keras3.test.ts).
        const ka = a.model.getLayer('conv2d').getWeights()[0].dataSync();
        const kb = b.model.getLayer('conv2d').getWeights()[0].dataSync();
        expect(Math.max(...ka.map((v, i) => Math.abs(v - kb[i])))).toBeGreaterThan(0.5);
      } finally {
        a.model.dispose();
        b.model.dispose();
      }
    });
  });

  describe('KotlinDL Fashion-MNIST LeNets (JSON config + weights-only HDF5, logits)', () => {
    it.each([
      ['kotlindl_fashion_lenet_json_h5', 'mnist_weights_only.h5', 0.872],
      ['kotlindl_fashion_lenet_bn_json_h5', 'weights.h5', 0.924],
      ['kotlindl_fashion_toyresnet_json_h5', 'weights.h5', 0.828],
    ])('%s reaches its documented accuracy on the 900 sprite tiles', async (dir, weights, documented) => {
      const { model, kerasVersion } = await loadKerasJsonH5(KERAS(dir, 'modelConfig.json'), KERAS(dir, weights));
      try {
        expect(kerasVersion).toBe('2.2.4-tf');
        expect(model.outputs[0].shape).toEqual([null, 10]);
        expect(Math.abs(accuracy(model, fashion.x, fashion.labels) - documented)).toBeLessThanOrEqual(0.01);
      } finally {
        model.dispose();
      }
    });
  });

  it('finds the JSON + weights pair in a KotlinDL folder (one .json, one .h5), and none where there is no pair', async () => {
    expect(await findKerasJsonH5(KERAS('kotlindl_fashion_lenet_bn_json_h5'))).toEqual({
      configPath: KERAS('kotlindl_fashion_lenet_bn_json_h5', 'modelConfig.json'),
      weightsPath: KERAS('kotlindl_fashion_lenet_bn_json_h5', 'weights.h5'),
    });
    expect(await findKerasJsonH5(KERAS('moonflower_mnist_h5_keras3'))).toBeNull();
  });

  describe('Teachable-Machine chest X-ray models (Keras 2.4.0, nested Sequential→Functional MobileNetV2)', () => {
    const nih = ['nih_cxr14_00000001_000.png', 'nih_cxr14_00027426_000.png'];

    it('covid model: both NIH radiographs → Covid19 1.0000', async () => {
      const t0 = performance.now();
      const { model, kerasVersion, warnings } = await loadKerasFile(KERAS('cxr_covid_teachable_h5', 'keras_model.h5'));
      const ms = performance.now() - t0;
      try {
        console.log(`[keras] cxr_covid_teachable_h5/keras_model.h5 loaded in ${ms.toFixed(0)} ms`);
        expect(kerasVersion).toBe('2.4.0');
        expect(warnings).toEqual([]);
        expect(model.countParams()).toBe(538_608);
        expect(ms).toBeLessThan(20_000);
        for (const img of nih) {
          const x = await cxrInput(shared('images', img));
          const p = probs(model, x);
          x.dispose();
          expect(p[1]).toBeGreaterThan(0.999); // 0 Normal, 1 Covid19, 2 Viral Pneumonia
        }
      } finally {
        model.dispose();
      }
    });

    it('pneumonia model: NIH radiographs → PNEUMONIA 0.9934 / 0.9676', async () => {
      const { model } = await loadKerasFile(KERAS('cxr_pneumonia_teachable_h5', 'pneumonia_classifier.h5'));
      try {
        expect(model.countParams()).toBe(538_508);
        const documented = [0.9934, 0.9676];
        for (const [i, img] of nih.entries()) {
          const x = await cxrInput(shared('images', img));
          const p = probs(model, x);
          x.dispose();
          // sharp's Lanczos-3 against PIL's LANCZOS: a few thousandths apart.
          expect(Math.abs(p[0] - documented[i])).toBeLessThan(0.005); // 0 PNEUMONIA, 1 NORMAL
        }
      } finally {
        model.dispose();
      }
    });
  });

  it('a loaded and disposed model leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const { model } = await loadKerasFile(KERAS('nhanpham_mnist_keras3/model.keras'));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

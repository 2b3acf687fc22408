// The two structure-only DL4J fixtures (untrained, no documented outputs):
// each loaded model is checked against the same network written out by hand
// with tf ops on the raw HDF5 weights, so a translation that changes the
// computation (data_format, Keras 1 argument names) fails here.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { loadKerasFile } from './index';
import { readH5 } from './testing/fixtures';

const KERAS = (...p: string[]): string => shared('keras', ...p);

type Raw = Record<string, { shape: number[]; values: Float32Array }>;
const t = (raw: Raw, p: string): tf.Tensor => {
  if (!raw[p]) throw new Error(`no ${p}`);
  return tf.tensor(raw[p].values, raw[p].shape);
};
const conv = (x: tf.Tensor, raw: Raw, k: string, b: string): tf.Tensor4D =>
  tf.add(tf.conv2d(x as tf.Tensor4D, t(raw, k) as tf.Tensor4D, 1, 'valid'), t(raw, b));
const dense = (x: tf.Tensor, raw: Raw, k: string, b: string): tf.Tensor2D => tf.add(tf.matMul(x as tf.Tensor2D, t(raw, k) as tf.Tensor2D), t(raw, b));

function random(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, 'float32', seed);
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe.skipIf(!HAVE_SHARED)('structure-only Keras fixtures', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('Keras 1.1.2 (Convolution2D, border_mode, dim_ordering tf, list-style Sequential) computes the written-out network', async () => {
    const path = KERAS('fixtures_keras_structure_only', 'dl4j_keras1.1.2_cnn_tf_model.h5');
    const { model, kerasVersion, warnings } = await loadKerasFile(path);
    const raw = await readH5(path, 'model_weights');
    try {
      expect(kerasVersion).toBe('1.1.2');
      expect(warnings.some((w) => w.includes('Keras 1'))).toBe(true);
      expect(model.countParams()).toBe(64);
      const x = random([4, 8, 8, 3], 7);
      const want = tf.tidy(() => {
        const w = 'model_weights/';
        let h = tf.sigmoid(conv(x, raw, `${w}convolution2d_1/convolution2d_1_W:0`, `${w}convolution2d_1/convolution2d_1_b:0`));
        h = tf.relu(conv(h, raw, `${w}convolution2d_2/convolution2d_2_W:0`, `${w}convolution2d_2/convolution2d_2_b:0`));
        h = tf.maxPool(h, 5, 5, 'valid');
        let d = tf.relu(dense(tf.reshape(h, [4, -1]), raw, `${w}dense_1/dense_1_W:0`, `${w}dense_1/dense_1_b:0`));
        d = tf.softmax(dense(d, raw, `${w}dense_2/dense_2_W:0`, `${w}dense_2/dense_2_b:0`));
        return d;
      });
      const got = model.predict(x) as tf.Tensor;
      expect(got.shape).toEqual([4, 3]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      tf.dispose([x, want, got]);
    } finally {
      model.dispose();
    }
  });

  it('Keras 2.3.1 channels_first Conv2D followed by channels_last layers computes the written-out network', async () => {
    const path = KERAS('fixtures_keras_structure_only', 'dl4j_keras2.3.1_channels_first_simpleconv2d_model.hdf5');
    const { model, warnings } = await loadKerasFile(path);
    const raw = await readH5(path, 'model_weights');
    try {
      expect(model.inputs[0].shape).toEqual([null, 1, 28, 28]);
      expect(warnings.some((w) => w.includes('channels_first'))).toBe(true);
      const x = random([3, 1, 28, 28], 11);
      const w = (l: string, p: string): string => `model_weights/${l}/${l}/${p}:0`;
      const want = tf.tidy(() => {
        // conv2d_1 reads [N,C,H,W]; the later layers, channels_last, read that tensor's last axis as channels.
        let h = tf.relu(conv(tf.transpose(x, [0, 2, 3, 1]), raw, w('conv2d_1', 'kernel'), w('conv2d_1', 'bias')));
        h = tf.transpose(h, [0, 3, 1, 2]);
        h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
        h = tf.relu(conv(h, raw, w('conv2d_2', 'kernel'), w('conv2d_2', 'bias')));
        h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
        let d: tf.Tensor2D = tf.reshape(h, [3, -1]);
        for (const l of ['dense_1', 'dense_2', 'dense_3']) d = tf.relu(dense(d, raw, w(l, 'kernel'), w(l, 'bias')));
        return tf.softmax(dense(d, raw, w('dense_4', 'kernel'), w('dense_4', 'bias')));
      });
      const got = model.predict(x) as tf.Tensor;
      expect(got.shape).toEqual([3, 22]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      tf.dispose([x, want, got]);
    } finally {
      model.dispose();
    }
  });
});

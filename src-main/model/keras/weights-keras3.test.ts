// Keras 3 weight paths: the naming rule itself, the same weights read through
// the Keras 3 store and through the legacy layout (identical logits), and a
// nested Functional inside a Sequential against a hand computation.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { digitsTensor, loadMnist } from '../../sanity/digits-data';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { openHdf5 } from './hdf5';
import { loadKerasFile } from './index';
import { readH5, readZip, writeH5, writeZip } from './testing/fixtures';
import { storePaths, toSnakeCase } from './weights-keras3';

const KERAS = (...p: string[]): string => shared('keras', ...p);

/** `perClass` held-out MNIST digits of each class from the `mnist` package (already 0..1), with labels. */
function mnistDigits(perClass: number): { x: tf.Tensor4D; labels: number[] } {
  const { x, labels } = digitsTensor(loadMnist(perClass).test);
  return { x, labels: Array.from(labels) };
}

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'keras3-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const logits = (m: tf.LayersModel, x: tf.Tensor): Float32Array => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);

describe('the Keras 3 store naming rule (saving_lib._save_container_state)', () => {
  it('snake-cases class names as keras.src.utils.naming.to_snake_case', () => {
    const cases: Record<string, string> = {
      Conv2D: 'conv2d',
      MaxPooling2D: 'max_pooling2d',
      BatchNormalization: 'batch_normalization',
      DepthwiseConv2D: 'depthwise_conv2d',
      GlobalAveragePooling2D: 'global_average_pooling2d',
      ReLU: 're_lu',
      Functional: 'functional',
      Dense: 'dense',
    };
    for (const [cls, snake] of Object.entries(cases)) expect(toSnakeCase(cls)).toBe(snake);
  });

  it('numbers layers per class within one container, in layer order', () => {
    const paths = storePaths('layers', ['InputLayer', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'Flatten', 'Dense', 'Dense']);
    expect(paths).toEqual([
      'layers/input_layer',
      'layers/conv2d',
      'layers/max_pooling2d',
      'layers/conv2d_1',
      'layers/max_pooling2d_1',
      'layers/conv2d_2',
      'layers/flatten',
      'layers/dense',
      'layers/dense_1',
    ]);
  });
});

describe.skipIf(!HAVE_SHARED)('the same weights through both layouts', () => {
  /** A legacy full-model .h5 holding `config` and, per config layer name, the given weights. */
  async function legacyCopy(
    name: string,
    config: string,
    version: string,
    byLayer: Record<string, { shape: number[]; values: Float32Array }[]>,
  ): Promise<string> {
    const path = join(dir, name);
    const data: Record<string, { shape: number[]; values: Float32Array }> = {};
    const attrs: Record<string, Record<string, string | string[]>> = {
      '': { model_config: config, keras_version: version, backend: 'tensorflow' },
      model_weights: { layer_names: Object.keys(byLayer) },
    };
    for (const [layer, ws] of Object.entries(byLayer)) {
      const names = ws.map((_, i) => (i === 0 ? 'kernel' : 'bias'));
      ws.forEach((w, i) => (data[`model_weights/${layer}/${names[i]}`] = w));
      attrs[`model_weights/${layer}`] = { weight_names: names };
    }
    await writeH5(path, { attrs, data });
    return path;
  }

  it('moonflower (3.1.1): the .keras weights in a legacy .h5 with the .h5 config give identical logits', async () => {
    const zip = await readZip(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.keras'));
    const store = join(dir, 'moonflower.weights.h5');
    await writeFile(store, zip['model.weights.h5']);
    const raw = await readH5(store, 'layers');
    const h5 = await openHdf5(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.h5'), 'mnist_model.h5');
    const config = h5.attr('', 'model_config') as string;
    h5.close();
    const vars = (p: string): { shape: number[]; values: Float32Array }[] => [raw[`layers/${p}/vars/0`], raw[`layers/${p}/vars/1`]];
    const copy = await legacyCopy('moonflower-legacy.h5', config, '3.1.1', { conv2d: vars('conv2d'), conv2d_1: vars('conv2d_1'), dense: vars('dense') });
    const a = await loadKerasFile(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.keras'));
    const b = await loadKerasFile(copy);
    const { x } = mnistDigits(5);
    try {
      const [la, lb] = [logits(a.model, x), logits(b.model, x)];
      expect(la.length).toBe(500);
      expect(Array.from(la)).toEqual(Array.from(lb));
    } finally {
      x.dispose();
      a.model.dispose();
      b.model.dispose();
    }
  });

  it('nhanpham (3.8.0): store paths conv2d…dense_1 hold config layers conv2d_6…dense_5, by their name attribute', async () => {
    const zip = await readZip(KERAS('nhanpham_mnist_keras3', 'model.keras'));
    const store = join(dir, 'nhanpham.weights.h5');
    await writeFile(store, zip['model.weights.h5']);
    const h5 = await openHdf5(store, 'store');
    const owners = ['conv2d', 'conv2d_1', 'conv2d_2', 'dense', 'dense_1'].map((p) => h5.attr(`layers/${p}/vars`, 'name'));
    h5.close();
    expect(owners).toEqual(['conv2d_6', 'conv2d_7', 'conv2d_8', 'dense_4', 'dense_5']);
    const raw = await readH5(store, 'layers');
    const byLayer = Object.fromEntries(
      ['conv2d', 'conv2d_1', 'conv2d_2', 'dense', 'dense_1'].map((p, i) => [owners[i] as string, [raw[`layers/${p}/vars/0`], raw[`layers/${p}/vars/1`]]]),
    );
    const copy = await legacyCopy('nhanpham-legacy.h5', new TextDecoder().decode(zip['config.json']), '3.8.0', byLayer);
    const a = await loadKerasFile(KERAS('nhanpham_mnist_keras3', 'model.keras'));
    const b = await loadKerasFile(copy);
    const { x } = mnistDigits(5);
    try {
      expect(Array.from(logits(a.model, x))).toEqual(Array.from(logits(b.model, x)));
    } finally {
      x.dispose();
      a.model.dispose();
      b.model.dispose();
    }
  });
});

describe('a nested Keras 3 Functional inside a Sequential', () => {
  const tensor = (name: string): object => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', keras_history: [name, 0, 0] } });
  const dense = (name: string, units: number, extra: object = {}): object => ({
    module: 'keras.layers',
    class_name: 'Dense',
    config: {
      name,
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
      units,
      activation: 'relu',
      use_bias: true,
      ...extra,
    },
    registered_name: null,
    build_config: { input_shape: [null, 3] },
  });
  const inner = {
    module: 'keras',
    class_name: 'Functional',
    registered_name: 'Functional',
    config: {
      name: 'block',
      trainable: true,
      layers: [
        {
          module: 'keras.layers',
          class_name: 'InputLayer',
          config: { batch_shape: [null, 3], dtype: 'float32', name: 'block_in' },
          registered_name: null,
          name: 'block_in',
          inbound_nodes: [],
        },
        { ...dense('d_a', 3), name: 'd_a', inbound_nodes: [{ args: [tensor('block_in')], kwargs: {} }] },
        {
          module: 'keras.layers',
          class_name: 'Add',
          config: { name: 'sum' },
          registered_name: null,
          name: 'sum',
          inbound_nodes: [{ args: [[tensor('d_a'), tensor('block_in')]], kwargs: {} }],
        },
      ],
      input_layers: [['block_in', 0, 0]],
      output_layers: [['sum', 0, 0]],
    },
  };
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'outer',
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', name: 'x' }, registered_name: null },
        dense('d_first', 3),
        inner,
        dense('d_last', 2, { activation: 'linear' }),
      ],
    },
  };
  const W = { first: [0.5, -1, 0.25, 1, 0.5, -0.5, 0, 1, 2], a: [1, 0, 0, 0, -1, 0, 0.5, 0.5, 1], last: [1, -1, 0.5, 2, -0.25, 1] };
  const B = { first: [0.1, 0.2, -0.3], a: [0, 0.5, -0.5], last: [0.05, -0.05] };

  it('loads the store paths layers/dense, layers/functional/layers/dense, layers/dense_1 and computes the hand-written network', async () => {
    const store = join(dir, 'nested.weights.h5');
    const v = (p: string, shape: number[], values: number[]): [string, { shape: number[]; values: number[] }] => [p, { shape, values }];
    await writeH5(store, {
      data: Object.fromEntries([
        v('layers/dense/vars/0', [3, 3], W.first),
        v('layers/dense/vars/1', [3], B.first),
        v('layers/functional/layers/dense/vars/0', [3, 3], W.a),
        v('layers/functional/layers/dense/vars/1', [3], B.a),
        v('layers/dense_1/vars/0', [3, 2], W.last),
        v('layers/dense_1/vars/1', [2], B.last),
      ]),
    });
    const path = join(dir, 'nested.keras');
    await writeZip(path, {
      'metadata.json': JSON.stringify({ keras_version: '3.4.1' }),
      'config.json': JSON.stringify(config),
      'model.weights.h5': new Uint8Array(await readFile(store)),
    });
    const { model, kerasVersion } = await loadKerasFile(path);
    try {
      expect(kerasVersion).toBe('3.4.1');
      // The nested Functional is inlined: its layers are the model's, found by their store paths all the same.
      expect(model.layers.map((l) => l.name)).toEqual(['x', 'd_first', 'd_a', 'sum', 'd_last']);
      const x = tf.tensor2d([
        [1, 2, 3],
        [-1, 0.5, 0],
      ]);
      const want = tf.tidy(() => {
        const h = tf.relu(tf.add(tf.matMul(x, tf.tensor2d(W.first, [3, 3])), B.first));
        const s = tf.add(tf.relu(tf.add(tf.matMul(h, tf.tensor2d(W.a, [3, 3])), B.a)), h);
        return tf.add(tf.matMul(s, tf.tensor2d(W.last, [3, 2])), B.last);
      });
      const got = model.predict(x) as tf.Tensor;
      expect(Array.from(got.dataSync()).map((n) => n.toFixed(5))).toEqual(Array.from(want.dataSync()).map((n) => n.toFixed(5)));
      tf.dispose([x, want, got]);
    } finally {
      model.dispose();
    }
  });
});

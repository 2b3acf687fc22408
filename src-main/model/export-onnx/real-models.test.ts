// Every tfjs LayersModel we ship or hold (resources/demo, ../shared/data/models)
// and every Keras file that loads (../shared/data/keras) exports to ONNX and
// runs its forward passes on onnxruntime, whose logits equal tfjs' to 1e-4
// relative on a random batch of 3 (independently of the batch-of-2 check at
// load). The Teachable-Machine chest X-ray model also exports built nested, as
// Keras wrote it (Sequential → Sequential → Functional MobileNetV2).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { demo, HAVE_SHARED, shared } from '../../testing/shared-data';
import type { Classifier } from '../classifier';
import { forwardLogits } from '../forward';
import { loadKerasFile } from '../keras';
import { layersClassifierWithRuntime } from '../layers-classifier';
import { loadModelFromPath } from '../load';
import { relDiff } from '../onnx/testing/compare';

const RUNTIME = /^onnxruntime [\d.]+ \((cpu|cuda), \d+ threads?\)$/;

const DEMO = [['digits'], ['chest'], ['bim', 'object'], ['bim', 'scene'], ['chest-marker', 'clean'], ['chest-marker', 'shortcut']];
const SHARED = [
  ['models', 'ml5_darknet_tiny_imagenet', 'model.json'],
  ['models', 'ml5_doodlenet_quickdraw345', 'model.json'],
  ['models', 'nsfwjs_mobilenet_v2', 'model.json'],
  ['models', 'tensorspace_lenet_mnist_multioutput', 'model.json'],
  ['keras', 'cxr_covid_teachable_h5', 'keras_model.h5'],
  ['keras', 'cxr_pneumonia_teachable_h5', 'pneumonia_classifier.h5'],
  ['keras', 'kotlindl_fashion_lenet_json_h5'],
  ['keras', 'kotlindl_fashion_lenet_bn_json_h5'],
  ['keras', 'kotlindl_fashion_toyresnet_json_h5'],
  ['keras', 'moonflower_mnist_h5_keras3', 'mnist_model.h5'],
  ['keras', 'moonflower_mnist_h5_keras3', 'mnist_model.keras'],
  ['keras', 'nhanpham_mnist_keras3', 'model.keras'],
  ['keras', 'fixtures_keras_structure_only', 'dl4j_keras1.1.2_cnn_tf_model.h5'],
];

async function agreesOnBatchOf3(c: Classifier): Promise<number> {
  const x = tf.randomUniform([3, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 11) as tf.Tensor4D;
  const ours = tf.tidy(() => c.logits(x));
  const before = tf.memory().numTensors;
  const theirs = await forwardLogits(c, x);
  expect(tf.memory().numTensors).toBe(before + 1);
  expect(theirs.shape).toEqual(ours.shape);
  const d = relDiff(theirs.dataSync(), ours.dataSync());
  tf.dispose([x, ours, theirs]);
  return d;
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('the demo LayersModels', () => {
  it.each(DEMO.map((p) => [p.join('/'), p] as const))('%s: exported, onnxruntime equals tfjs to 1e-4 (batch of 3)', async (_name, path) => {
    const { classifier: c, info } = await loadModelFromPath(demo(...path, 'model.json'));
    try {
      expect(info.warnings.filter((w) => w.startsWith('forward passes'))).toEqual([]);
      expect(info.forwardRuntime).toMatch(RUNTIME);
      expect(await agreesOnBatchOf3(c)).toBeLessThan(1e-4);
    } finally {
      c.dispose();
    }
  });
});

describe.skipIf(!HAVE_SHARED)('the LayersModels and Keras files in ../shared/data', () => {
  it.each(SHARED.map((p) => [p.join('/'), p] as const))('%s: exported, onnxruntime equals tfjs to 1e-4 (batch of 3)', async (_name, path) => {
    const { classifier: c, info } = await loadModelFromPath(shared(...path));
    try {
      expect(info.warnings.filter((w) => w.startsWith('forward passes'))).toEqual([]);
      expect(info.forwardRuntime).toMatch(RUNTIME);
      expect(await agreesOnBatchOf3(c)).toBeLessThan(1e-4);
    } finally {
      c.dispose();
    }
  });

  it('the covid chest X-ray model built nested (not flattened) exports through its nested models', async () => {
    const { model } = await loadKerasFile(shared('keras', 'cxr_covid_teachable_h5', 'keras_model.h5'), { flatten: false });
    expect(model.layers.filter((l) => l instanceof tf.LayersModel).length).toBeGreaterThan(0);
    const c = await layersClassifierWithRuntime(model);
    try {
      expect(c.forwardRuntime).toMatch(RUNTIME);
      expect(await agreesOnBatchOf3(c)).toBeLessThan(1e-4);
    } finally {
      c.dispose();
    }
  });
});

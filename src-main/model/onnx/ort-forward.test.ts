// Forward-only passes on onnxruntime (ort-forward.ts) against our own tfjs
// forward of the same graph: every float32 file in ../shared/data/onnx and
// onnx-real opens with onnxruntime serving it, and its logits equal ours to
// 1e-4 relative on a batch of 3; files pinned at batch 1 run batched where
// the unpinned copy agrees (the torchvision CNNs), row by row where it does
// not (the ViT); the float16 file keeps tfjs and says why; and a perturbation
// method gives the same map on either runtime.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { getMethod } from '../../explainers/registry';
import { runMethod } from '../../explainers/run';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { forwardLogits } from '../forward';
import { loadModelFromPath } from '../load';
import { onnxFromBytes } from './load';
import { ortThreads } from './ort-forward';
import { relDiff } from './testing/compare';

const FILES: { path: string[]; batched: boolean }[] = [
  { path: ['onnx', 'resnet18', 'model.onnx'], batched: true },
  { path: ['onnx', 'mobilenet_v2', 'model.onnx'], batched: true },
  { path: ['onnx', 'squeezenet1_1', 'model.onnx'], batched: true },
  { path: ['onnx', 'efficientnet_b0', 'model.onnx'], batched: true },
  { path: ['onnx', 'densenet121_chexnet14', 'model.onnx'], batched: true },
  { path: ['onnx', 'lraspp_mobilenet_v3_seg3', 'model.onnx'], batched: true },
  { path: ['onnx', 'vit_tiny_patch16', 'model.onnx'], batched: false },
  { path: ['onnx-real', 'burn_mnist_onnx', 'mnist.onnx'], batched: true },
  { path: ['onnx-real', 'onnx_mlir_mnist_onnx', 'mnist.onnx'], batched: true },
  { path: ['onnx-real', 'connxr_mnist_zoo_onnx', 'model.onnx'], batched: true },
  { path: ['onnx-real', 'wonnx_opt_mnist_onnx', 'opt-mnist.onnx'], batched: true },
  { path: ['onnx-real', 'winml_mnist_onnx', 'mnist.onnx'], batched: true },
  { path: ['onnx-real', 'winml_cifar10_tutorial_onnx', 'ImageClassifier.onnx'], batched: true },
  { path: ['onnx-real', 'onnxconverter_cifar10_resize_onnx', 'image_classifier32.onnx'], batched: true },
];

describe.skipIf(!HAVE_SHARED)('forward passes on onnxruntime', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  afterAll(() => undefined);

  it.each(FILES)('$path.1: onnxruntime serves it and equals our forward to 1e-4 (batch of 3)', async ({ path }) => {
    const { classifier: c, info } = await loadModelFromPath(shared(...path));
    try {
      expect(info.forwardRuntime).toMatch(/^onnxruntime [\d.]+ \((cpu|cuda), \d+ threads?(, one image per call)?\)$/);
      const x = tf.randomUniform([3, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 5) as tf.Tensor4D;
      const ours = tf.tidy(() => c.logits(x));
      const before = tf.memory().numTensors;
      const theirs = await forwardLogits(c, x);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(theirs.shape).toEqual(ours.shape);
      expect(relDiff(theirs.dataSync(), ours.dataSync())).toBeLessThan(1e-4);
      tf.dispose([x, ours, theirs]);
    } finally {
      c.dispose();
    }
  });

  it('a file pinned at batch 1 runs batched where its unpinned copy agrees (resnet18), else one image per call (the ViT)', async () => {
    for (const [name, batched] of [
      ['resnet18', true],
      ['vit_tiny_patch16', false],
    ] as const) {
      const { info, classifier: c } = await loadModelFromPath(shared('onnx', name, 'model.onnx'));
      c.dispose();
      expect(info.forwardRuntime).toMatch(/^onnxruntime/);
      expect(info.forwardRuntime!.includes('one image per call')).toBe(!batched);
    }
  });

  it('the float16 SqueezeNet keeps tfjs for forward passes, and says why', async () => {
    const { info } = await loadModelFromPath(shared('onnx-real', 'winml_squeezenet_fp16_onnx', 'SqueezeNet_fp16.onnx'));
    expect(info.forwardRuntime).toBeUndefined();
    expect(info.warnings.join('\n')).toMatch(/forward passes run on tfjs: onnxruntime is used for float32 inputs only/);
  });

  it('occlusion on resnet18 gives the same map on onnxruntime and on tfjs', async () => {
    const path = shared('onnx', 'resnet18', 'model.onnx');
    const { classifier: fast, info } = await loadModelFromPath(path);
    const slow = onnxFromBytes(readFileSync(path), 'resnet18.onnx');
    expect(fast.forwardRuntime).toMatch(/^onnxruntime/);
    expect(slow.forwardRuntime).toBeUndefined();
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    try {
      const params = { window: 56, stride: 56, batch: 8 };
      const run = (model: typeof fast) => runMethod({ method: getMethod('occlusion'), model, input: x, target: 3, params, preprocess: info.preprocess });
      const a = await run(fast);
      const b = await run(slow);
      expect(relDiff(a.map, b.map)).toBeLessThan(1e-4);
    } finally {
      x.dispose();
      fast.dispose();
      slow.dispose();
    }
  });
});

describe('onnxruntime threads per session', () => {
  it('gives every session every core, spinning only alone, by default; splits the cores between workers on request', () => {
    expect(ortThreads({}, 8)).toEqual({ threads: 8, spin: true });
    expect(ortThreads({ SALIENCY_WORKERS: '1' }, 8)).toEqual({ threads: 8, spin: true });
    expect(ortThreads({ SALIENCY_WORKERS: '3' }, 8)).toEqual({ threads: 8, spin: false });
    expect(ortThreads({ SALIENCY_WORKERS: '3', SALIENCY_ORT_THREADS: 'share' }, 8)).toEqual({ threads: 2, spin: true });
    expect(ortThreads({ SALIENCY_WORKERS: '16', SALIENCY_ORT_THREADS: 'share' }, 8)).toEqual({ threads: 1, spin: true });
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { loadModelFromPath } from '../../model/load';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../../testing/shared-data';
import { guidedBackprop } from '../guided-backprop';
import { eigencam, topSingularVector } from './eigencam';
import { camCtx } from './fixtures';
import { gradcam } from './gradcam';
import { gradcamPlusPlus } from './gradcam-plus-plus';
import { guidedGradcam } from './guided-gradcam';
import { camMethods } from './index';
import { smoothgradCamPlusPlus } from './smoothgrad-cam-plus-plus';

const SG = { samples: 3, noise: 0.1, seed: 1, batch: 2 };

/** Every variant: no tensor left, grid at the layer's size, finite maps, ≥ 0 except Guided Grad-CAM. */
async function runAll(path: string, layer: string | null, grid: [number, number], skip: string[] = []): Promise<void> {
  const { classifier, info } = await loadModelFromPath(path);
  const x = tf.randomUniform([1, info.inputHeight, info.inputWidth, info.inputChannels], 0, 1, 'float32', 8) as tf.Tensor4D;
  const target = tf.tidy(() => classifier.logits(x).argMax(1).dataSync()[0]);
  for (const m of camMethods) {
    if (skip.includes(m.id)) continue;
    const before = tf.memory().numTensors;
    const out = await m.run(camCtx(classifier, x, target, layer, m.id === 'smoothgrad-cam-plus-plus' ? SG : {}));
    expect(tf.memory().numTensors, m.id).toBe(before);
    expect(out.shape).toEqual([info.inputHeight, info.inputWidth]);
    expect(out.map.every(Number.isFinite), m.id).toBe(true);
    if (m.id !== 'guided-gradcam') expect(Math.min(...out.map), m.id).toBeGreaterThanOrEqual(0);
    if (m.id !== 'fake-cam') expect(out.grid?.shape, m.id).toEqual(grid);
  }
  x.dispose();
  classifier.dispose();
}

describe('CAM variants', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('run on the demo digits (auto layer pool2, 7×7) and chest (auto conv3) models without leaks', async () => {
    await runAll(demo('digits', 'model.json'), null, [7, 7], ['cam']);
    const { info } = await loadModelFromPath(demo('chest', 'model.json'));
    const conv3 = info.layers.find((l) => l.name === 'conv3')!.outputShape;
    await runAll(demo('chest', 'model.json'), null, [conv3[1]!, conv3[2]!]);
  });

  it('SmoothGrad-CAM++ with one noiseless sample is Grad-CAM++; with noise it differs', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const pp = await gradcamPlusPlus.run(camCtx(classifier, x, 7, 'conv2'));
    const same = await smoothgradCamPlusPlus.run(camCtx(classifier, x, 7, 'conv2', { samples: 1, noise: 0, seed: 0, batch: 4 }));
    const noisy = await smoothgradCamPlusPlus.run(camCtx(classifier, x, 7, 'conv2', { samples: 5, noise: 0.3, seed: 0, batch: 2 }));
    let diff = 0;
    for (let i = 0; i < pp.map.length; i++) {
      expect(same.map[i]).toBeCloseTo(pp.map[i], 5);
      diff = Math.max(diff, Math.abs(noisy.map[i] - pp.map[i]));
    }
    expect(diff).toBeGreaterThan(1e-4);
    x.dispose();
    classifier.dispose();
  });

  it('Guided Grad-CAM is Grad-CAM × Guided Backprop, pixel by pixel', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const ctx = camCtx(classifier, x, 7, 'conv2');
    const [gg, g, gb] = [await guidedGradcam.run(ctx), await gradcam.run(ctx), await guidedBackprop.run(ctx)];
    for (let i = 0; i < g.map.length; i++) expect(gg.map[i]).toBeCloseTo(g.map[i] * gb.map[i], 6);
    expect(gg.grid?.data).toEqual(g.grid?.data);
    x.dispose();
    classifier.dispose();
  });

  it('Eigen-CAM projects centred activations on the top singular vector (XᵀXv = λv, λ maximal)', async () => {
    // Rank-1 plus noise: the recovered direction is the planted one, up to sign.
    const [m, K] = [30, 6];
    const u = Array.from({ length: K }, (_, k) => (k % 2 ? 1 : -2) / Math.sqrt(15));
    const X = Float32Array.from({ length: m * K }, (_, i) => 5 * Math.sin(Math.floor(i / K) * 1.7) * u[i % K] + 0.01 * Math.cos(i * 3.1));
    const v = topSingularVector(X, m, K);
    const dot = v.reduce((s, vk, k) => s + vk * u[k], 0);
    expect(Math.abs(dot)).toBeGreaterThan(0.9999);
    // On the digits model the map is ReLU of the (sign-fixed) projection, with no target dependence.
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const [a, b] = [await eigencam.run(camCtx(classifier, x, 1, 'conv2')), await eigencam.run(camCtx(classifier, x, 8, 'conv2'))];
    expect(a.map).toEqual(b.map);
    expect(Math.max(...a.grid!.data)).toBeGreaterThan(0);
    x.dispose();
    classifier.dispose();
  });

  describe.skipIf(!HAVE_SHARED)('shared models', () => {
    it('run on LeNet (auto layer MaxPooling2D_2, 5×5) without leaks', async () => {
      const { info } = await loadModelFromPath(SHARED_MODELS.lenet);
      const s = info.layers.find((l) => l.name === 'MaxPooling2D_2')!.outputShape;
      await runAll(SHARED_MODELS.lenet, null, [s[1]!, s[2]!], ['cam']);
    });

    it('run on Darknet-tiny at leaky_re_lu_15 (14×14) without leaks', { timeout: 60_000 }, async () => {
      await runAll(SHARED_MODELS.darknet, 'leaky_re_lu_15', [14, 14]);
    });
  });
});

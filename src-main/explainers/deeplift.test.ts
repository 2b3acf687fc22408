import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { HAVE_SHARED, SHARED_MODELS, demo } from '../testing/shared-data';
import { loadImageFile } from '../io/load';
import { preprocess } from '../model/preprocess';
import { deeplift } from './deeplift';

const ctxFor = (model: Classifier, input: tf.Tensor4D, target: number, baseline = 'black') => ({
  model,
  input,
  target,
  layer: null,
  params: { baseline, baselineImage: '' },
  signal: new CancelToken(),
  progress: () => {},
});

async function run(c: Classifier, x: tf.Tensor4D, target: number, baseline = 'black') {
  const before = tf.memory().numTensors;
  const out = await deeplift.run(ctxFor(c, x, target, baseline));
  expect(tf.memory().numTensors).toBe(before);
  expect(out.map.every(Number.isFinite)).toBe(true);
  return { out, delta: out.extras?.delta as number, rel: out.extras?.relativeDelta as number };
}

describe('deeplift (rescale)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('sums to S(x) − S(x′) within 1% on conv + ReLU + avgpool + dense (no maxpool), for every baseline', async () => {
    const init = (s: number) => tf.initializers.glorotNormal({ seed: s });
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [10, 10, 3],
          filters: 6,
          kernelSize: 3,
          activation: 'relu',
          kernelInitializer: init(1),
          biasInitializer: tf.initializers.constant({ value: 0.1 }),
        }),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, kernelInitializer: init(2) }),
        tf.layers.reLU(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(3) }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(4) }),
      ],
    });
    const c = layersClassifier(m);
    const x = tf.randomUniform([1, 10, 10, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    for (const b of ['black', 'white', 'blur', 'noise', 'mean']) {
      const { out, rel, delta } = await run(c, x, 1, b);
      expect(rel).toBeLessThan(0.01);
      expect(Math.abs(delta)).toBeLessThan(1e-3);
      expect(out.extras?.sites).toBe(3);
    }
    x.dispose();
  });

  it('on the demo digits CNN (maxpool: not exact) the delta stays small and is reported', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const { rel } = await run(classifier, x, 4);
    expect(rel).toBeLessThan(0.05);
    classifier.dispose();
  });

  // Max-pooling takes its gradient (as DeepExplain does), which is exact only
  // while the pooled argmax is the same for input and baseline: with the black
  // baseline (all-zero digits) that holds; white/blur/mean deviate by 0.5–24%.
  it('on the demo digits with the black baseline, summation-to-delta holds within 1% for every sample', async () => {
    const { classifier, info } = await loadModelFromPath(demo('digits', 'model.json'));
    for (const d of [0, 2, 3, 5, 7, 9]) {
      const x = preprocess(await loadImageFile(demo('digits', 'samples', `digit-${d}.png`)), info.preprocess, 28, 28, 1);
      const { rel } = await run(classifier, x, d, 'black');
      expect(Math.abs(rel), `digit ${d}`).toBeLessThan(0.01);
      x.dispose();
    }
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('deeplift on shared models', () => {
  it('LeNet and Darknet-tiny: finite maps, delta bounded, tensors back to baseline', async () => {
    await initBackend({ prefer: 'wasm' });
    for (const [path, target] of [
      [SHARED_MODELS.lenet, 3],
      [SHARED_MODELS.darknet, 281],
    ] as const) {
      const { classifier } = await loadModelFromPath(path);
      const x = tf.randomUniform([1, classifier.inputHeight, classifier.inputWidth, classifier.inputChannels], 0, 1, 'float32', 5) as tf.Tensor4D;
      const { rel } = await run(classifier, x, target, 'mean');
      // Max-pooling takes the plain gradient, so Rescale is not exact here: measured
      // 0.098 on Darknet-tiny for this noise input; we bound it, not claim exactness.
      console.log(`deeplift relative delta, ${path.split('/').slice(-2)[0]}: ${rel.toFixed(4)}`);
      expect(rel).toBeLessThan(0.2);
      classifier.dispose();
      x.dispose();
    }
  }, 60_000);
});

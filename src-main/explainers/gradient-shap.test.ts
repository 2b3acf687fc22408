import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamValues } from '../api/types';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { makeBaseline } from './baselines';
import { gradientShap } from './gradient-shap';
import { integratedGradients } from './integrated-gradients';
import { resolveParams } from './registry';

const run = (model: Classifier, input: tf.Tensor4D, target: number, given: ParamValues, m = gradientShap) =>
  m.run({ model, input, target, layer: null, params: resolveParams(m, given), signal: new CancelToken(), progress: () => {} });

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) [sa, sb, saa, sbb, sab] = [sa + a[i], sb + b[i], saa + a[i] ** 2, sbb + b[i] ** 2, sab + a[i] * b[i]];
  return (sab - (sa * sb) / n) / Math.sqrt((saa - sa ** 2 / n) * (sbb - sb ** 2 / n));
}

describe('GradientSHAP (expected gradients)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('is exact on a linear model: attr = E[w ⊙ (x − x′)], completeness delta ≈ 0 for any baseline mix', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [4, 5, 3] }),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.randomNormal({ seed: 5 }), biasInitializer: 'ones' }),
      ],
    });
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 4, 5, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const mixed = await run(c, x, 2, { samples: 37, baselines: 'black,white,noise,blur,mean', batch: 8, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(mixed.extras!.delta as number)).toBeLessThan(1e-5 * Math.abs(mixed.extras!.expectedScoreDiff as number) + 1e-5);
    // With one baseline, the expectation is the single IG path: w ⊙ (x − black), whatever α was drawn.
    const black = await run(c, x, 2, { samples: 5, baselines: 'black' });
    const W = model.layers[1].getWeights()[0].dataSync();
    const b = makeBaseline('black', x);
    const [xd, bd] = [x.dataSync(), b.dataSync()];
    for (let p = 0; p < 20; p++) {
      let e = 0;
      for (let ch = 0; ch < 3; ch++) e += W[(3 * p + ch) * 3 + 2] * (xd[3 * p + ch] - bd[3 * p + ch]);
      expect(black.map[p]).toBeCloseTo(e, 5);
    }
    tf.dispose([x, b]);
    model.dispose();
  });

  it('is seeded, and with many samples of one baseline approaches Integrated Gradients on the digits CNN', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const a = await run(classifier, x, 4, { samples: 8, seed: 1, stdevs: 0.1 });
    const a2 = await run(classifier, x, 4, { samples: 8, seed: 1, stdevs: 0.1, batch: 3 });
    const b = await run(classifier, x, 4, { samples: 8, seed: 2, stdevs: 0.1 });
    expect(tf.memory().numTensors).toBe(before);
    a.map.forEach((v, i) => expect(a2.map[i]).toBeCloseTo(v, 5)); // batch size does not change the draws
    expect(pearson(a.map, b.map)).toBeLessThan(0.999);
    const shap = await run(classifier, x, 4, { samples: 512, baselines: 'black', batch: 64 });
    const ig = await run(classifier, x, 4, { steps: 128, baseline: 'black' }, integratedGradients);
    const few = await run(classifier, x, 4, { samples: 8, baselines: 'black' });
    // Monte Carlo over α converges on IG's path integral: r(512 samples) > r(8 samples), and close to 1.
    const [r512, r8] = [pearson(shap.map, ig.map), pearson(few.map, ig.map)];
    expect(r512).toBeGreaterThan(0.98);
    expect(r512).toBeGreaterThan(r8);
    expect(Math.abs(shap.extras!.relativeDelta as number)).toBeLessThan(0.05);
    x.dispose();
    classifier.dispose();
  });

  it('refuses an unknown baseline kind', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    await expect(run(classifier, x, 0, { baselines: 'black,purple' })).rejects.toThrow(/baselines must list/);
    x.dispose();
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('GradientSHAP on shared real models', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  for (const [name, path] of [
    ['LeNet (multi-output, [null,28,28])', SHARED_MODELS.lenet],
    ['Darknet-tiny', SHARED_MODELS.darknet],
  ] as const) {
    it(`runs on ${name}, no tensor left`, async () => {
      const { classifier: c } = await loadModelFromPath(path);
      const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const out = await run(c, x, 1, { samples: 8, batch: 8 });
      expect(tf.memory().numTensors).toBe(before);
      expect(out.map.length).toBe(c.inputHeight * c.inputWidth);
      expect(out.map.every(Number.isFinite)).toBe(true);
      expect(out.map.some((v) => v > 0) && out.map.some((v) => v < 0)).toBe(true);
      x.dispose();
      c.dispose();
    });
  }
});

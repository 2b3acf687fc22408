import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { classScoreGradient } from './saliency';
import { gradientInput } from './gradient-input';
import { describeEachBackend } from '../testing/each-backend';

const run = (model: Classifier, input: tf.Tensor4D, target: number) =>
  gradientInput.run({ model, input, target, layer: null, params: {}, signal: new CancelToken(), progress: () => {} });

describeEachBackend(['wasm', 'cpu'], 'gradient × input (Shrikumar et al.)', (backend) => {
  it('equals w ⊙ x summed over channels on a linear model, exactly', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [4, 5, 3] }),
        tf.layers.dense({ units: 3, useBias: true, kernelInitializer: tf.initializers.randomNormal({ seed: 5 }), biasInitializer: 'ones' }),
      ],
    });
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 4, 5, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = await run(c, x, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.shape).toEqual([4, 5]);
    const W = model.layers[1].getWeights()[0].dataSync() as Float32Array; // [60, 3]
    const xd = x.dataSync();
    for (let p = 0; p < 20; p++) {
      // float32 products summed in channel order, as the method does: in float32 on wasm, in float64 then rounded on cpu.
      let expected = 0;
      for (let ch = 0; ch < 3; ch++) {
        const sum = expected + Math.fround(W[(3 * p + ch) * 3 + 2] * xd[3 * p + ch]);
        expected = backend === 'cpu' ? sum : Math.fround(sum);
      }
      expect(out.map[p]).toBe(Math.fround(expected));
    }
    x.dispose();
    model.dispose();
  });

  it('is x ⊙ ∂S/∂x, signed, on the demo digits CNN', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = await run(classifier, x, 4);
    expect(tf.memory().numTensors).toBe(before);
    const g = classScoreGradient((t) => classifier.logits(t), x, 4);
    const [gd, xd] = [g.dataSync(), x.dataSync()];
    for (let i = 0; i < gd.length; i++) expect(out.map[i]).toBeCloseTo(gd[i] * xd[i], 6);
    expect(out.map.some((v) => v < 0) && out.map.some((v) => v > 0)).toBe(true);
    tf.dispose([x, g]);
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('gradient × input on shared real models', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  for (const [name, path] of [
    ['LeNet (multi-output, [null,28,28])', SHARED_MODELS.lenet],
    ['Darknet-tiny', SHARED_MODELS.darknet],
  ] as const) {
    it(`runs on ${name} with a non-trivial signed map and no tensor left`, async () => {
      const { classifier: c } = await loadModelFromPath(path);
      const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const out = await run(c, x, 1);
      expect(tf.memory().numTensors).toBe(before);
      expect(out.map.length).toBe(c.inputHeight * c.inputWidth);
      expect(out.map.every(Number.isFinite)).toBe(true);
      expect(Math.max(...out.map.map(Math.abs))).toBeGreaterThan(0);
      x.dispose();
      c.dispose();
    });
  }
});

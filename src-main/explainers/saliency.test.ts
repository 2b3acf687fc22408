import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelToken } from '../core/jobs';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { demo } from '../testing/shared-data';
import { classScoreGradient, saliency } from './saliency';
import { describeEachBackend } from '../testing/each-backend';

function finiteDifference(logits: (x: tf.Tensor4D) => tf.Tensor2D, x: tf.Tensor4D, target: number, idx: number, eps = 1e-2): number {
  return tf.tidy(() => {
    const flat = x.dataSync().slice();
    flat[idx] += eps;
    const up = logits(tf.tensor4d(flat, x.shape)).dataSync()[target];
    flat[idx] -= 2 * eps;
    const down = logits(tf.tensor4d(flat, x.shape)).dataSync()[target];
    return (up - down) / (2 * eps);
  });
}

describeEachBackend(['wasm', 'cpu'], 'saliency (Simonyan et al.)', () => {
  it('matches central finite differences of the class logit on a smooth model', () => {
    // tanh everywhere: no ReLU kinks, so finite differences are exact to O(eps²).
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 3],
          filters: 4,
          kernelSize: 3,
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
      ],
    });
    const c = layersClassifier(model);
    expect(c.logitsFromSoftmax).toBe(true);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const g = classScoreGradient((t) => c.logits(t), x, 3);
    const gd = g.dataSync();
    for (const idx of [0, 17, 50, 101, 150, 191]) {
      const fd = finiteDifference((t) => c.logits(t), x, 3, idx);
      expect(Math.abs(gd[idx] - fd)).toBeLessThan(1e-3 + 1e-2 * Math.abs(fd));
    }
    tf.dispose([x, g]);
    model.dispose();
  });

  it('is |∂S_c/∂x| maxed over channels, non-negative, on the demo digits CNN, with no tensor left behind', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = await saliency.run({ model: classifier, input: x, target: 4, layer: null, params: {}, signal: new CancelToken(), progress: () => {} });
    expect(tf.memory().numTensors).toBe(before);
    expect(out.shape).toEqual([28, 28]);
    const g = classScoreGradient((t) => classifier.logits(t), x, 4);
    const gd = g.dataSync();
    for (let i = 0; i < gd.length; i++) expect(out.map[i]).toBeCloseTo(Math.abs(gd[i]), 6);
    // Finite differences through a ReLU net agree where no unit flips sign.
    let agree = 0;
    const probes = [100, 200, 300, 400, 500, 600];
    for (const idx of probes) if (Math.abs(finiteDifference((t) => classifier.logits(t), x, 4, idx, 1e-3) - gd[idx]) < 1e-2 + 0.05 * Math.abs(gd[idx])) agree++;
    expect(agree).toBeGreaterThanOrEqual(5);
    tf.dispose([x, g]);
    classifier.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { loadModelFromPath } from '../../model/load';
import { demo } from '../../testing/shared-data';
import { camCtx, residualModel } from './fixtures';
import { gradcam } from './gradcam';
import { describeEachBackend } from '../../testing/each-backend';

/** ReLU(Σ_k mean_ij(∂S_c/∂A_k) A_k), native and upsampled, from a hand-built split. */
function handGradcam(
  features: (x: tf.Tensor4D) => tf.Tensor4D[],
  head: (a: tf.Tensor4D, side: tf.Tensor4D[]) => tf.Tensor2D,
  x: tf.Tensor4D,
  c: number,
): { grid: Float32Array; map: Float32Array } {
  return tf.tidy(() => {
    const [A, ...side] = features(x);
    const g = tf.grad((a: tf.Tensor) =>
      head(a as tf.Tensor4D, side)
        .slice([0, c], [1, 1])
        .sum(),
    )(A);
    const cam = tf.relu(A.mul(g.mean([1, 2])).sum(3)) as tf.Tensor3D; // [1,h,w]
    const up = tf.image.resizeBilinear(cam.expandDims(3) as tf.Tensor4D, [x.shape[1], x.shape[2]], false, true);
    return { grid: cam.dataSync() as Float32Array, map: up.dataSync() as Float32Array };
  });
}

const close = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / (s || 1);
};

describeEachBackend(['wasm', 'cpu'], 'Grad-CAM (Selvaraju et al.)', () => {
  it('equals ReLU(Σ_k mean_ij(∂S_c/∂A_k) A_k) by hand on a residual model (skip from before the layer)', async () => {
    const { model, hand } = residualModel();
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    let nonzero = 0;
    for (const target of [0, 1, 2, 3, 4]) {
      const before = tf.memory().numTensors;
      const out = await gradcam.run(camCtx(c, x, target, 'a'));
      expect(tf.memory().numTensors).toBe(before);
      const want = handGradcam(
        (t) => hand.features(t),
        (a, [x0]) => hand.head(a, x0),
        x,
        target,
      );
      expect(out.grid?.shape).toEqual([8, 8]);
      expect(out.grid?.layer).toBe('a');
      if (Math.max(...want.grid) > 1e-3) nonzero++;
      expect(close(out.grid!.data, want.grid)).toBeLessThan(1e-5);
      expect(close(out.map, want.map)).toBeLessThan(1e-5);
    }
    expect(nonzero).toBeGreaterThanOrEqual(2); // not a vacuous all-zero comparison
    x.dispose();
    model.dispose();
  });

  it('equals the hand computation on the demo digits CNN at conv2 (14×14), for the predicted and another class', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const m = classifier.layerGraph!;
    const L = (n: string) => m.getLayer(n);
    const features = (x: tf.Tensor4D) => [L('conv2').apply(L('pool1').apply(L('conv1').apply(x))) as tf.Tensor4D];
    const head = (a: tf.Tensor4D) => L('probs').apply(L('flatten').apply(L('pool2').apply(a))) as tf.Tensor2D;
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    for (const target of [2, 7]) {
      const before = tf.memory().numTensors;
      const out = await gradcam.run(camCtx(classifier, x, target, 'conv2'));
      expect(tf.memory().numTensors).toBe(before);
      const want = handGradcam(features, head, x, target);
      expect(out.grid?.shape).toEqual([14, 14]);
      expect(out.shape).toEqual([28, 28]);
      expect(close(out.grid!.data, want.grid)).toBeLessThan(1e-5);
      expect(close(out.map, want.map)).toBeLessThan(1e-5);
    }
    x.dispose();
    classifier.dispose();
  });

  it('averages several layers after upsampling, each scaled to max 1', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const [a, b, both] = await Promise.all([
      gradcam.run(camCtx(classifier, x, 7, 'conv1')),
      gradcam.run(camCtx(classifier, x, 7, 'conv2')),
      gradcam.run(camCtx(classifier, x, 7, 'conv1, conv2')),
    ]);
    const [ma, mb] = [Math.max(...a.map), Math.max(...b.map)];
    for (const i of [0, 100, 333, 500, 783]) expect(both.map[i]).toBeCloseTo((a.map[i] / ma + b.map[i] / mb) / 2, 5);
    expect(both.grid?.layer).toBe('conv1');
    expect(both.extras?.layer).toBe('conv1,conv2');
    x.dispose();
    classifier.dispose();
  });
});

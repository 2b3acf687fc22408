import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { loadModelFromPath } from '../../model/load';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../../testing/shared-data';
import { cam } from './cam';
import { camCtx } from './fixtures';
import { gradcam } from './gradcam';
import { hirescam } from './hirescam';

describe('CAM and HiResCAM against Grad-CAM on a GAP + dense head (demo chest model)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('CAM = Grad-CAM × h·w and HiResCAM = Grad-CAM, for two classes', async () => {
    const { classifier, info } = await loadModelFromPath(demo('chest', 'model.json'));
    expect(info.autoLayer).toBe('conv3');
    const x = tf.randomUniform([1, info.inputHeight, info.inputWidth, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    let gmax = 0;
    for (const target of [0, 1]) {
      const before = tf.memory().numTensors;
      const [c, g, h] = [
        await cam.run(camCtx(classifier, x, target, null)),
        await gradcam.run(camCtx(classifier, x, target, null)),
        await hirescam.run(camCtx(classifier, x, target, null)),
      ];
      expect(tf.memory().numTensors).toBe(before);
      const [gh, gw] = g.grid!.shape;
      // With S = Σ_k w_k mean_ij A_k + b, ∂S/∂A_kij = w_k/(h·w): the positive scale is exactly h·w.
      for (let i = 0; i < g.grid!.data.length; i++) {
        gmax = Math.max(gmax, g.grid!.data[i]);
        expect(c.grid!.data[i]).toBeCloseTo(g.grid!.data[i] * gh * gw, 3);
        expect(h.grid!.data[i]).toBeCloseTo(g.grid!.data[i], 4);
      }
      for (let i = 0; i < g.map.length; i += 97) expect(c.map[i] / (gh * gw)).toBeCloseTo(g.map[i], 4);
    }
    expect(gmax).toBeGreaterThan(1e-3); // one class has a non-empty map: the comparison is not vacuous
    x.dispose();
    classifier.dispose();
  });

  it('CAM refuses a head that is not GAP + dense, naming what it found', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    await expect(cam.run(camCtx(classifier, x, 0, 'conv2'))).rejects.toThrow(/GlobalAveragePooling2D → Dense.*Flatten "flatten"/);
    x.dispose();
    classifier.dispose();
  });

  it.skipIf(!HAVE_SHARED)(
    'on Darknet-tiny (leaky_re_lu_15 → 1×1 conv → GAP) CAM picks leaky_re_lu_15 and equals Grad-CAM × 14·14',
    { timeout: 60_000 },
    async () => {
      const { classifier } = await loadModelFromPath(SHARED_MODELS.darknet);
      const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const target = tf.tidy(() => classifier.logits(x).argMax(1).dataSync()[0]);
      const before = tf.memory().numTensors;
      const c = await cam.run(camCtx(classifier, x, target, null));
      const g = await gradcam.run(camCtx(classifier, x, target, 'leaky_re_lu_15'));
      expect(tf.memory().numTensors).toBe(before);
      expect(c.grid?.layer).toBe('leaky_re_lu_15');
      expect(c.grid?.shape).toEqual([14, 14]);
      const gmax = Math.max(...g.grid!.data);
      expect(gmax).toBeGreaterThan(0);
      for (let i = 0; i < 196; i++) expect(Math.abs(c.grid!.data[i] - g.grid!.data[i] * 196) / (gmax * 196)).toBeLessThan(1e-4);
      x.dispose();
      classifier.dispose();
    },
  );
});

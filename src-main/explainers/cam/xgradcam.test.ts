import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { camCtx, maxRelDiff, residualActivationsAndGrads, residualModel, weightedMapByHand } from './fixtures';
import { xgradcam } from './xgradcam';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'XGrad-CAM (Fu et al.)', () => {
  it('weights w_k = Σ_ij A_k·g_k / Σ_ij A_k, the map ReLU(Σ_k w_k A_k), by hand on the residual fixture', async () => {
    const { model, hand } = residualModel();
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    let nonzero = 0;
    for (const target of [0, 1, 2, 3, 4]) {
      const { A, g, h, w, K } = residualActivationsAndGrads(hand, x, target);
      const wk = Array.from({ length: K }, (_, k) => {
        let [num, den] = [0, 0];
        for (let p = 0; p < h * w; p++) [num, den] = [num + A[p * K + k] * g[p * K + k], den + A[p * K + k]];
        return num / (den + 1e-7); // ε as pytorch-grad-cam's xgrad_cam.py
      });
      const before = tf.memory().numTensors;
      const out = await xgradcam.run(camCtx(c, x, target, 'a'));
      expect(tf.memory().numTensors).toBe(before);
      const want = weightedMapByHand(A, wk, h, w, K);
      if (Math.max(...want) > 1e-3) nonzero++;
      expect(maxRelDiff(out.grid!.data, want)).toBeLessThan(1e-5);
      expect(maxRelDiff(out.map, want)).toBeLessThan(1e-5);
    }
    expect(nonzero).toBeGreaterThanOrEqual(2);
    x.dispose();
    model.dispose();
  });
});

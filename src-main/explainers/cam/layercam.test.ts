import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { camCtx, maxRelDiff, residualActivationsAndGrads, residualModel } from './fixtures';
import { layercam } from './layercam';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'LayerCAM (Jiang et al.)', () => {
  it('is ReLU(Σ_k ReLU(g_k) ⊙ A_k) pixel by pixel, by hand on the residual fixture', async () => {
    const { model, hand } = residualModel();
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    let nonzero = 0;
    for (const target of [0, 1, 2, 3, 4]) {
      const { A, g, h, w, K } = residualActivationsAndGrads(hand, x, target);
      const want = new Float64Array(h * w);
      for (let p = 0; p < h * w; p++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.max(0, g[p * K + k]) * A[p * K + k];
        want[p] = Math.max(0, s);
      }
      const before = tf.memory().numTensors;
      const out = await layercam.run(camCtx(c, x, target, 'a'));
      expect(tf.memory().numTensors).toBe(before);
      if (Math.max(...want) > 1e-3) nonzero++;
      expect(maxRelDiff(out.grid!.data, want)).toBeLessThan(1e-5);
      expect(maxRelDiff(out.map, want)).toBeLessThan(1e-5);
    }
    expect(nonzero).toBeGreaterThanOrEqual(2);
    x.dispose();
    model.dispose();
  });
});

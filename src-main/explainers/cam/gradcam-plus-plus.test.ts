import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { resolveParams } from '../registry';
import { camCtx, maxRelDiff, residualActivationsAndGrads, residualModel, weightedMapByHand } from './fixtures';
import { gradcamPlusPlus, gradcamPlusPlusWeights } from './gradcam-plus-plus';
import { describeEachBackend } from '../../testing/each-backend';

/** w_k = Σ_ij ReLU(g)·α, α = g² / (2g² + ΣA_k·g³ + ε) where g ≠ 0, else 0 (the exp-score closed form). */
function weightsByHand(A: Float32Array, g: Float32Array, h: number, w: number, K: number, eps: number): number[] {
  return Array.from({ length: K }, (_, k) => {
    let sumA = 0;
    for (let p = 0; p < h * w; p++) sumA += A[p * K + k];
    let wk = 0;
    for (let p = 0; p < h * w; p++) {
      const gv = g[p * K + k];
      if (gv === 0) continue;
      const alpha = (gv * gv) / (2 * gv * gv + sumA * gv ** 3 + eps);
      wk += Math.max(0, gv) * alpha;
    }
    return wk;
  });
}

describeEachBackend(['wasm', 'cpu'], 'Grad-CAM++ (Chattopadhyay et al.)', () => {
  it("equals the paper's α and weights computed by hand from A and ∂S/∂A on the residual fixture, for ε = 1e-7 (default) and 1e-6", async () => {
    const { model, hand } = residualModel();
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    let nonzero = 0;
    let epsEffect = 0;
    for (const target of [0, 1, 2, 3, 4]) {
      const { A, g, h, w, K } = residualActivationsAndGrads(hand, x, target);
      const maps: Float32Array[] = [];
      for (const eps of [1e-7, 1e-6]) {
        const before = tf.memory().numTensors;
        const out = await gradcamPlusPlus.run(camCtx(c, x, target, 'a', resolveParams(gradcamPlusPlus, eps === 1e-7 ? {} : { eps })));
        expect(tf.memory().numTensors).toBe(before);
        const want = weightedMapByHand(A, weightsByHand(A, g, h, w, K, eps), h, w, K);
        if (Math.max(...want) > 1e-3) nonzero++;
        expect(out.grid!.shape).toEqual([8, 8]);
        expect(maxRelDiff(out.grid!.data, want)).toBeLessThan(1e-5);
        expect(maxRelDiff(out.map, want)).toBeLessThan(1e-5); // 8×8 layer on an 8×8 input: upsampling is the identity
        maps.push(out.grid!.data);
      }
      epsEffect = Math.max(epsEffect, maxRelDiff(maps[1], maps[0]));
    }
    expect(nonzero).toBeGreaterThanOrEqual(4);
    // Gradients down to 2e-5 here, so ε is not negligible: measured (wasm) 0.4%–12.6% max relative per class.
    expect(epsEffect).toBeGreaterThan(0.05);
    x.dispose();
    model.dispose();
  });

  it('ε changes α only where the denominator is small: g = 1e-3, ΣA = 4 by hand', () => {
    // One channel, two pixels: A = [1, 3] (ΣA = 4), g = [1e-3, −2e-3]. The negative pixel has ReLU(g) = 0.
    // α₀ = 1e-6 / (2e-6 + 4e-9 + ε): ε = 1e-7 → 0.475285…, ε = 1e-6 → 0.332889…; w = 1e-3·α₀.
    const A = tf.tensor4d([1, 3], [1, 1, 2, 1]);
    const g = tf.tensor4d([1e-3, -2e-3], [1, 1, 2, 1]);
    const [w7, w6, wBig] = [1e-7, 1e-6, 1e-6].map((eps, i) => tf.tidy(() => gradcamPlusPlusWeights(A, i === 2 ? g.mul(1000) : g, eps).dataSync()[0]));
    expect(w7 / (1e-3 * (1e-6 / (2e-6 + 4e-9 + 1e-7)))).toBeCloseTo(1, 5);
    expect(w6 / (1e-3 * (1e-6 / (2e-6 + 4e-9 + 1e-6)))).toBeCloseTo(1, 5);
    expect(w7 / w6).toBeCloseTo(3.004 / 2.104, 4); // 43% apart at this gradient size
    // With g = 1 the denominator is 2 + 4 = 6 and ε = 1e-6 moves w by 1.7e-7 relative: negligible.
    expect(tf.tidy(() => gradcamPlusPlusWeights(A, g.mul(1000), 1e-7).dataSync()[0]) / wBig).toBeCloseTo(1, 6);
    expect(wBig).toBeCloseTo(1 / 6, 6);
    tf.dispose([A, g]);
  });
});

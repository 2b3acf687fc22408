// Linear 4-pixel model S0 = w·x − 3 on x = 1; f = σ(S0).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchCtx, linearClassifier, sigmoid } from './fixtures';
import { infidelity, infidelityNoise, infidelityOf } from './infidelity';

const W = [1, 3, 0, 2];

describe('infidelity (Yeh et al. 2019)', () => {
  it('by hand: dots (1,2), Δ (1,3) → ((0)² + (−1)²)/2 = 0.5; normalised β = 7/5 → ((.4)² + (−.2)²)/2 = 0.1', () => {
    expect(infidelityOf([1, 2], [1, 3], false)).toBeCloseTo(0.5, 12);
    expect(infidelityOf([1, 2], [1, 3], true)).toBeCloseTo(0.1, 12);
    // a map off by a factor: unnormalised error grows, normalised stays 0
    expect(infidelityOf([2, 4], [1, 2], true)).toBeCloseTo(0, 12);
  });

  it('on the model: equals the mean of (I·φ − (σ(3) − σ(3 − w·I)))² over the same seeded noise', async () => {
    const model = linearClassifier(W, -3);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const opts = { samples: 5, sigma: 0.3, seed: 2, normalize: false, batch: 4 };
    const [v, vScaled] = await infidelity(
      model,
      [Float32Array.from(W), Float32Array.from(W, (w) => 10 * w)].map((map) => ({ input: x, target: 0, map })),
      opts,
      batchCtx(),
    );
    const err = (scale: number) =>
      [0, 1, 2, 3, 4]
        .map((r) => {
          const I = infidelityNoise(4, 0.3, 2, r);
          const wI = W.reduce((a, w, p) => a + w * I[p], 0);
          return (scale * wI - (sigmoid(3) - sigmoid(3 - wI))) ** 2;
        })
        .reduce((a, b) => a + b, 0) / 5;
    expect(v).toBeCloseTo(err(1), 5);
    expect(vScaled).toBeCloseTo(err(10), 4);
    const [n1, n10] = await infidelity(
      model,
      [Float32Array.from(W), Float32Array.from(W, (w) => 10 * w)].map((map) => ({ input: x, target: 0, map })),
      { ...opts, normalize: true },
      batchCtx(),
    );
    expect(n1).toBeCloseTo(n10, 6);
    x.dispose();
    model.dispose();
  });
});

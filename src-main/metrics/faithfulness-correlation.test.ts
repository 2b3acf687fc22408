// Linear 4-pixel model S0 = w·x − 3 on x = 1: blacking out subset S lowers S0 by Σ_S w.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchCtx, linearClassifier, sigmoid } from './fixtures';
import { faithfulnessCorrelation, faithfulnessCorrelationOf, randomSubsets } from './faithfulness-correlation';
import { pearson } from './similarity';

const W = [1, 3, 0, 2];

describe('faithfulness correlation (Bhatt et al. 2020)', () => {
  it('subsets: seeded, distinct indices, the asked size', () => {
    const a = randomSubsets(10, 3, 5, 7);
    expect(a.map((s) => Array.from(s))).toEqual(randomSubsets(10, 3, 5, 7).map((s) => Array.from(s)));
    for (const s of a) expect(new Set(s).size).toBe(3);
  });

  it('pure half by hand: sums (1,3,4) against p (.9,.5,.1) → pearson((1,3,4),(−.9,−.5,−.1)) = 0.96077', () => {
    const subsets = [Uint32Array.of(0), Uint32Array.of(1), Uint32Array.of(0, 1)];
    // deviations (−5/3, 1/3, 4/3)·(−.4, 0, .4) = 1.2; √(42/9 · .32) = 1.22202 → 0.98198
    expect(faithfulnessCorrelationOf([1, 3], subsets, [0.9, 0.5, 0.1])).toBeCloseTo(1.2 / Math.sqrt((42 / 9) * 0.32), 6);
  });

  it('on the model: equals pearson(Σ_S map, σ(3) − σ(3 − Σ_S w)) over the same seeded subsets', async () => {
    const model = linearClassifier(W, -3);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const maps = [Float32Array.from(W), Float32Array.from(W, (v) => -v)];
    const out = await faithfulnessCorrelation(
      model,
      maps.map((map) => ({ input: x, target: 0, map })),
      { subsets: 6, subsetSize: 2, seed: 3, batch: 4 },
      batchCtx(),
    );
    const subsets = randomSubsets(4, 2, 6, 3);
    const drop = subsets.map((s) => sigmoid(3) - sigmoid(3 - Array.from(s).reduce((a, i) => a + W[i], 0)));
    maps.forEach((m, k) =>
      expect(out[k]).toBeCloseTo(
        pearson(
          subsets.map((s) => Array.from(s).reduce((a, i) => a + m[i], 0)),
          drop,
        ),
        5,
      ),
    );
    expect(out[0]).toBeGreaterThan(0.9);
    expect(out[1]).toBeCloseTo(-out[0], 6);
    x.dispose();
    model.dispose();
  });
});

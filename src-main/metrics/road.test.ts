// 1×4 linear model S0 = w·x − 3, w = (1, 3, 0, 2), x = (1, 1, 1, 1): a constant image imputes to
// itself, so with noise 0 every row keeps S0 = 3; on x = (0, 4, 0, 0) imputation changes S0.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchCtx, linearClassifier, sigmoid } from './fixtures';
import { removalMask, road, roadValue } from './road';

describe('ROAD (Rong et al. 2022)', () => {
  it('removal masks and the summary value', () => {
    expect(Array.from(removalMask([1, 3, 0, 2], 0.5))).toEqual([0, 1, 0, 1]);
    expect(roadValue([0.2, 0.4, 0.9])).toBeCloseTo(0.5, 12);
  });

  it('hand-computed rows on a 1×4 image x = (0, 4, 0, 0), map = w: MoRF removes pixel 1 first, LeRF pixel 2', async () => {
    const model = linearClassifier([1, 3, 0, 2], -3, [1, 4]);
    const x = tf.tensor4d([0, 4, 0, 0], [1, 1, 4, 1]);
    const [out] = await road(model, [{ input: x, target: 0, map: Float32Array.from([1, 3, 0, 2]) }], { fractions: [0.25, 0.5], noise: 0 }, batchCtx());
    // MoRF 25%: pixel 1 → mean of its neighbours (0 + 0)/2 = 0 → S0 = −3.
    // MoRF 50%: pixels 1, 3 → u1 = (0 + 0)/2 = 0 (pixel 2 is kept, 0), u3 = 0 → −3.
    // LeRF 25%: pixel 2 → (4 + 0)/2 = 2 → S0 = 12 + 0·2 − 3 = 9.
    // LeRF 50%: pixels 2, 0 → u0 = 4 (its one neighbour), u2 = (4 + 0)/2 = 2 → S0 = 4 + 12 − 3 = 13.
    expect(out.morf[0]).toBeCloseTo(sigmoid(-3), 5);
    expect(out.morf[1]).toBeCloseTo(sigmoid(-3), 5);
    expect(out.lerf[0]).toBeCloseTo(sigmoid(9), 5);
    expect(out.lerf[1]).toBeCloseTo(sigmoid(13), 5);
    x.dispose();
    model.dispose();
  });
});

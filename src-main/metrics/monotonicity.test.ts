// Linear 4-pixel model S0 = w·x + b on x = 1: restoring pixel p onto the black baseline adds w_p to S0.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchCtx, linearClassifier } from './fixtures';
import { monotonicity, monotonicityOf } from './monotonicity';

describe('monotonicity (Arya et al., Quantus)', () => {
  it('fraction of non-decreasing steps: [.1,.3,.3,.2,.5] → 3/4; one level → NaN', () => {
    expect(monotonicityOf([0.1, 0.3, 0.3, 0.2, 0.5])).toBe(0.75);
    expect(monotonicityOf([0.5])).toBeNaN();
  });

  it('w = (1,3,0,2): every order rises → 1; w = (1,−2,0,2) with map = w: logits 0,−2,−2,−1,1 → 3/4', async () => {
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const m1 = linearClassifier([1, 3, 0, 2], -3);
    expect(await monotonicity(m1, [{ input: x, target: 0, map: Float32Array.from([1, 3, 0, 2]) }], { steps: 4, batch: 3 }, batchCtx())).toEqual([1]);
    const m2 = linearClassifier([1, -2, 0, 2], 0);
    // increasing order: pixel 1 (−2), 2 (0), 0 (1), 3 (2)
    const [v] = await monotonicity(m2, [{ input: x, target: 0, map: Float32Array.from([1, -2, 0, 2]) }], { steps: 4 }, batchCtx());
    expect(v).toBe(0.75);
    m1.dispose();
    m2.dispose();
    expect(tf.memory().numTensors).toBe(before + 0);
    x.dispose();
  });
});

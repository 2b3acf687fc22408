import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { drop, explanationMapProbabilities, increase } from './average-drop';
import { batchCtx, linearClassifier, sigmoid } from './fixtures';
import { describeEachBackend } from '../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'Average Drop / Average Increase (Chattopadhyay et al.)', () => {
  it('hand values: Y = (0.8, 0.5), O = (0.4, 0.6) → drops (50, 0) → 25%; increases (0, 1) → 50%', () => {
    expect(drop(0.8, 0.4)).toBeCloseTo(50, 12);
    expect(drop(0.5, 0.6)).toBe(0);
    expect(increase(0.5, 0.6)).toBe(100);
    // The means over images are the evaluation summary's (mean of per-image values).
    expect((drop(0.8, 0.4) + drop(0.5, 0.6)) / 2).toBeCloseTo(25, 12);
    expect((increase(0.8, 0.4) + increase(0.5, 0.6)) / 2).toBe(50);
  });

  it('O is the probability of x ⊙ map (map min-max normalised): perfect, inverted and constant maps', async () => {
    // S0 = 2·x0 + 1·x1 − 1·x2 + 0·x3, x = 1: Y = σ(2).
    const model = linearClassifier([2, 1, -1, 0], 0);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const maps = [
      Float32Array.from([4, 2, 0, 0]), // → (1, .5, 0, 0): O = σ(2 + .5) — more than Y: an increase
      Float32Array.from([0, 2, 4, 4]), // inverted → (0, .5, 1, 1): O = σ(.5 − 1)
      new Float32Array(4).fill(3), // constant → all ones: O = Y, no drop, no increase
    ];
    const o = await explanationMapProbabilities(
      model,
      maps.map((map) => ({ input: x, target: 0, map })),
      2,
      batchCtx(),
    );
    expect(tf.memory().numTensors).toBe(before);
    const expected = [sigmoid(2.5), sigmoid(-0.5), sigmoid(2)];
    expected.forEach((e, i) => expect(o[i]).toBeCloseTo(e, 5));
    const y = sigmoid(2);
    expect(drop(y, o[0])).toBe(0);
    expect(increase(y, o[0])).toBe(100);
    expect(drop(y, o[1])).toBeCloseTo(((y - sigmoid(-0.5)) / y) * 100, 3);
    expect(drop(y, o[2])).toBeCloseTo(0, 3);
    x.dispose();
    model.dispose();
  });
});

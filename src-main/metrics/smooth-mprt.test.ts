import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../shared/random';
import { linearClassifier } from './fixtures';
import { evalMethod } from './run-method';
import { denoisedExplanation, smoothMprt } from './smooth-mprt';

// Gradient × Input on S0 = w·x + b is w ⊙ x: its denoised map is w ⊙ (x + mean_k ε_k).
describe('Smooth MPRT (Hedström et al.)', () => {
  const x = [1, 1, 1, 1];
  const input = tf.tensor4d(x, [1, 2, 2, 1]);
  const [trained, reversed, scaled] = [linearClassifier([1, 2, 3, 4], 0), linearClassifier([4, 3, 2, 1], 0), linearClassifier([2, 4, 6, 8], 0)];
  const gi = (m: typeof trained): ReturnType<typeof evalMethod>['explain'] => evalMethod('gradient-input', m).explain;
  afterAll(() => {
    input.dispose();
    [trained, reversed, scaled].forEach((m) => m.dispose());
  });

  it('the denoised map is w ⊙ (x + the mean of the seeded draws)', async () => {
    const [samples, sigma, seed] = [5, 0.2, 4];
    const rand = mulberry32(seed);
    const mean = [0, 0, 0, 0];
    for (let k = 0; k < samples; k++) for (let i = 0; i < 4; i++) mean[i] += (sigma * gaussian(rand)) / samples;
    const m = await denoisedExplanation(gi(trained), input, 0, { samples, sigma, seed });
    expect(Array.from(m)).toEqual([1, 2, 3, 4].map((w, i) => expect.closeTo(w * (x[i] + mean[i]), 5)));
  });

  it('Spearman of |denoised maps|: −1 for a model with the weights reversed, +1 for one rescaled', async () => {
    const opts = { samples: 3, sigma: 0.01, seed: 1 };
    const before = tf.memory().numTensors;
    expect(await smoothMprt(gi(trained), gi(reversed), input, 0, opts)).toBeCloseTo(-1, 9);
    expect(await smoothMprt(gi(trained), gi(scaled), input, 0, opts)).toBeCloseTo(1, 9);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../shared/random';
import { linearClassifier } from './fixtures';
import { localLipschitz } from './lipschitz';
import { evalMethod } from './run-method';
import { l2 } from './sensitivity';

// Gradient × Input on S0 = w·x + b is w ⊙ x, so ‖Φ(x) − Φ(x')‖ / ‖x − x'‖ = ‖w ⊙ ε‖ / ‖ε‖.
describe('local Lipschitz estimate (Alvarez-Melis & Jaakkola)', () => {
  const input = tf.tensor4d([0.2, 0.4, 0.6, 0.8], [1, 2, 2, 1]);
  const models = [linearClassifier([2, 2, 2, 2], 0), linearClassifier([3, 0, 0, 0], 0)];
  afterAll(() => {
    input.dispose();
    models.forEach((m) => m.dispose());
  });

  it('w = 2·1: every ratio is exactly 2, whatever the noise', async () => {
    const gi = evalMethod('gradient-input', models[0]);
    const l = await localLipschitz(gi.explain, input, 0, await gi.explain(input, 0), { samples: 4, sigma: 0.1, seed: 3 });
    expect(l).toBeCloseTo(2, 5);
  });

  it('w = (3,0,0,0): the max over the seeded Gaussian draws of 3|ε₀|/‖ε‖', async () => {
    const gi = evalMethod('gradient-input', models[1]);
    const [samples, sigma, seed] = [6, 0.05, 11];
    const rand = mulberry32(seed);
    const ratios = Array.from({ length: samples }, () => {
      const e = [0, 1, 2, 3].map(() => sigma * gaussian(rand));
      return (3 * Math.abs(e[0])) / l2(e);
    });
    const before = tf.memory().numTensors;
    const l = await localLipschitz(gi.explain, input, 0, await gi.explain(input, 0), { samples, sigma, seed });
    expect(tf.memory().numTensors).toBe(before);
    expect(l).toBeCloseTo(Math.max(...ratios), 4);
    expect(l).toBeLessThanOrEqual(3 + 1e-6);
  });
});

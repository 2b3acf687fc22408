import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { linearClassifier } from './fixtures';
import { evalMethod } from './run-method';
import { l2, sensitivity } from './sensitivity';

// Gradient × Input on S0 = w·x + b is w ⊙ x (in closed form), so
// Φ(x + δ) − Φ(x) = w ⊙ δ and each sample's ratio is ‖w ⊙ δ‖ / ‖w ⊙ x‖.
describe('max/avg sensitivity (Yeh et al., normalised)', () => {
  const w = [1, -2, 3, 0.5];
  const x = [0.2, 0.4, 0.6, 0.8];
  const model = linearClassifier(w, 0.1);
  const input = tf.tensor4d(x, [1, 2, 2, 1]);
  afterAll(() => {
    input.dispose();
    model.dispose();
  });

  it('re-runs Gradient × Input at x + U[−r, r]: max and mean of ‖w⊙δ‖/‖w⊙x‖ over the seeded draws', async () => {
    const gi = evalMethod('gradient-input', model);
    const map = await gi.explain(input, 0);
    expect(Array.from(map)).toEqual(w.map((v, i) => Math.fround(v * x[i])).map((v) => expect.closeTo(v, 6)));
    const [samples, radius, seed] = [5, 0.05, 7];
    const rand = mulberry32(seed);
    const ratios = Array.from({ length: samples }, () => {
      const d = x.map(() => (2 * rand() - 1) * radius);
      return l2(d.map((v, i) => v * w[i])) / l2(w.map((v, i) => v * x[i]));
    });
    const before = tf.memory().numTensors;
    const s = await sensitivity(gi.explain, input, 0, map, { samples, radius, seed });
    expect(tf.memory().numTensors).toBe(before);
    expect(s.max).toBeCloseTo(Math.max(...ratios), 5);
    expect(s.avg).toBeCloseTo(ratios.reduce((a, b) => a + b) / samples, 5);
    // Each |δ_i| ≤ r, so the ratio is at most r‖w‖/‖w⊙x‖ = 0.05·√14.25/√3.41 ≈ 0.102.
    expect(s.max).toBeLessThanOrEqual((radius * l2(w)) / l2(w.map((v, i) => v * x[i])));
  });

  it('a method whose map does not depend on x (the gradient of a linear score) scores 0', async () => {
    const sal = evalMethod('saliency', model);
    const map = await sal.explain(input, 0);
    const s = await sensitivity(sal.explain, input, 0, map, { samples: 3, radius: 0.1, seed: 1 });
    expect(s).toEqual({ max: 0, avg: 0 });
  });

  it('a zero map has no relative change: NaN', async () => {
    const s = await sensitivity(() => Promise.resolve(new Float32Array(4)), input, 0, new Float32Array(4), { samples: 2, radius: 0.1, seed: 1 });
    expect(s.max).toBeNaN();
    expect(s.avg).toBeNaN();
  });
});

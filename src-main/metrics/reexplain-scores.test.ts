// The robustness and randomisation metrics through evaluate(), on a 7×7 linear
// model whose Gradient × Input map is known in closed form: Φ_c(x) = w_c ⊙ x.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { layersClassifier } from '../model/layers-classifier';
import { randomisableLayers, randomisedClassifier } from '../model/randomise';
import { efficientMprt } from './efficient-mprt';
import { evaluate } from './evaluate';
import { batchCtx } from './fixtures';
import { inputRange } from './reexplain-scores';
import { evalMethod } from './run-method';
import { sensitivity } from './sensitivity';

const N = 49;
/** S_0 = w·x, S_1 = −w·x: the two classes' maps are mirror images, |Φ_0| = |Φ_1|. */
function mirrorClassifier(w: number[]): ReturnType<typeof layersClassifier> {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [7, 7, 1] }), tf.layers.dense({ units: 2 })] });
  const kernel = tf.tensor2d(
    w.flatMap((v) => [v, -v]),
    [N, 2],
  );
  const bias = tf.zeros([2]);
  model.layers[1].setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return layersClassifier(model);
}

describe('robustness and randomisation metrics through evaluate()', () => {
  const w = Array.from({ length: N }, (_, i) => 1 + (i % 5));
  const model = mirrorClassifier(w);
  const input = tf.tensor4d(
    Array.from({ length: N }, (_, i) => 0.1 + i / N),
    [1, 7, 7, 1],
  );
  afterAll(() => {
    input.dispose();
    model.dispose();
  });

  it('sensitivity as the direct call (seed + image index, radius × input range), random logit 1 for mirrored classes, MPRT on the seeded randomised copy; no leaks', async () => {
    const gi = evalMethod('gradient-input', model);
    const map = await gi.explain(input, 0);
    const opts = { sensitivitySamples: 4, sensitivityRadius: 0.05, mprtSamples: 3, mprtSigma: 0.05, lipschitzSigma: 0.05, seed: 9 };
    const metrics = ['max-sensitivity', 'avg-sensitivity', 'local-lipschitz', 'random-logit', 'smooth-mprt', 'efficient-mprt'];
    const before = tf.memory().numTensors;
    const [[cell]] = await evaluate(model, [{ input, target: 0, maps: [map] }], [gi], metrics, opts, batchCtx());
    expect(tf.memory().numTensors).toBe(before);
    const v = cell.values;
    const direct = await sensitivity(gi.explain, input, 0, map, { samples: 4, radius: 0.05, seed: 9 });
    expect(v['max-sensitivity']).toBeCloseTo(direct.max, 9);
    expect(v['avg-sensitivity']).toBeCloseTo(direct.avg, 9);
    // Φ(x) − Φ(x') = w ⊙ (x − x'): the ratio lies between min|w| = 1 and max|w| = 5.
    expect(v['local-lipschitz']).toBeGreaterThan(1);
    expect(v['local-lipschitz']).toBeLessThanOrEqual(5 + 1e-5);
    expect(v['random-logit']).toBeCloseTo(1, 6);
    expect(v['random-logit.otherClass']).toBe(1);
    const random = await randomisedClassifier(model, randomisableLayers(model), 9);
    const mapRandom = await gi.explainOn(random, input, 0);
    random.dispose();
    expect(v['efficient-mprt']).toBeCloseTo(efficientMprt(map, mapRandom), 9);
    expect(v['smooth-mprt']).toBeGreaterThanOrEqual(-1);
    expect(v['smooth-mprt']).toBeLessThan(0.5); // random kernel vs the trained 1..5 pattern
  });

  it('noise levels are fractions of the pixel range: ×1 without preprocessing, ×2 for [−1, 1], ×255 for raw', () => {
    expect(inputRange({})).toBe(1);
    expect(inputRange({ preprocess: { preset: 'signed', resize: 'stretch' } })).toBe(2);
    expect(inputRange({ preprocess: { preset: 'raw', resize: 'stretch' } })).toBe(255);
    expect(inputRange({ preprocess: { preset: 'imagenet', resize: 'stretch' } })).toBeCloseTo(1 / ((0.229 + 0.224 + 0.225) / 3), 9);
  });
});

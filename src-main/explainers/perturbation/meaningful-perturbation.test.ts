import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { CancelToken } from '../../core/jobs';
import { layersClassifier } from '../../model/layers-classifier';
import { linearModel, perturbCtx, smallConvNet } from './fixtures';
import { meaningfulPerturbation as mp } from './meaningful-perturbation';

const S = 8;
const inA = (p: number): boolean => p % S < 3; // left three columns
const inB = (p: number): boolean => p % S >= 5; // right three columns
const meanOver = (map: Float32Array, f: (p: number) => boolean): number => {
  const v = Array.from(map).filter((_, p) => f(p));
  return v.reduce((a, b) => a + b, 0) / v.length;
};

/**
 * h1 = relu(mean_A x), h2 = relu(1.5 − mean_B x); class 0 = h1 − 4·h2. On x = 1 the
 * image has h2 = 0.5; deleting B (fill 0) raises h2 to 1.5 — new evidence the image
 * does not have, which lowers the score 4× more than deleting A (the real evidence).
 */
function adversarialToy() {
  const wA = Array.from({ length: S * S }, (_, p) => (inA(p) ? 1 / 24 : 0));
  const wB = Array.from({ length: S * S }, (_, p) => (inB(p) ? -1 / 24 : 0));
  const m = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [S, S, 1] }), tf.layers.dense({ units: 2, activation: 'relu' }), tf.layers.dense({ units: 2 })],
  });
  const k1 = tf.tensor2d(
    wA.flatMap((a, p) => [a, wB[p]]),
    [S * S, 2],
  );
  const b1 = tf.tensor1d([0, 1.5]);
  const k2 = tf.tensor2d([1, 0, -4, 0], [2, 2]);
  const b2 = tf.zeros([2]);
  m.layers[1].setWeights([k1, b1]);
  m.layers[2].setWeights([k2, b2]);
  tf.dispose([k1, b1, k2, b2]);
  return layersClassifier(m);
}

describe('Meaningful perturbation (Fong & Vedaldi 2017) with the FGVis filter (Wagner et al. 2019)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('deletes exactly the region a toy model looks at (deletion game), no leak', async () => {
    // Class 0 = mean over A of x; x = 1, fill 0: deleting A drops the score, deleting anything else only costs area.
    const model = linearModel(S, S, 1, [Float32Array.from({ length: S * S }, (_, p) => (inA(p) ? 1 / 24 : 0)), new Float32Array(S * S)]);
    const x = tf.ones([1, S, S, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const out = await mp.run(
      perturbCtx(mp, model, x, 0, { fill: 'zero', iterations: 150, jitter: 0, output: 'logit', tv: 0 }, { progress: (d) => steps.push(d) }),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(steps.length).toBe(150);
    expect(meanOver(out.map, inA)).toBeGreaterThan(0.9);
    expect(meanOver(out.map, (p) => !inA(p))).toBeLessThan(0.05);
    expect(out.extras?.scoreDeleted as number).toBeLessThan(0.1);
    expect(out.extras?.scoreInput as number).toBeCloseTo(1, 5);
    // The default TV (β = 3) penalises the sharp edge: the deletion ramps off beside A, still centred on it.
    const smooth = await mp.run(perturbCtx(mp, model, x, 0, { fill: 'zero', iterations: 150, jitter: 0, output: 'logit' }));
    expect(meanOver(smooth.map, inA)).toBeGreaterThan(meanOver(smooth.map, (p) => !inA(p)) + 0.4);
    expect(smooth.map[7]).toBeLessThan(smooth.map[3]); // row 0: the far column is deleted less than the one next to A
    x.dispose();
    model.dispose();
  });

  it('without the filter deletes the adversarial region; with it, only the real evidence', async () => {
    const model = adversarialToy();
    const x = tf.ones([1, S, S, 1]) as tf.Tensor4D;
    const params = { fill: 'zero', iterations: 150, jitter: 0, output: 'logit', tv: 0 };
    const plain = await mp.run(perturbCtx(mp, model, x, 0, params));
    expect(meanOver(plain.map, inB)).toBeGreaterThan(0.8);
    const before = tf.memory().numTensors;
    const filtered = await mp.run(perturbCtx(mp, model, x, 0, { ...params, gradientFilter: true }));
    expect(tf.memory().numTensors).toBe(before);
    expect(meanOver(filtered.map, inA)).toBeGreaterThan(0.8);
    expect(meanOver(filtered.map, inB)).toBeLessThan(0.2);
    // The model is restored: the same unfiltered run gives the same map.
    expect(Array.from((await mp.run(perturbCtx(mp, model, x, 0, params))).map)).toEqual(Array.from(plain.map));
    x.dispose();
    model.dispose();
  });

  it('reproduces a map from its seed (jitter, noise fill), changes with it, and cancels cleanly', async () => {
    const model = smallConvNet(16, 16, 3);
    const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const run = (seed: number, extra = {}) => mp.run(perturbCtx(mp, model, x, 1, { seed, iterations: 20, fill: 'noise', maskSize: 8, ...extra }));
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(Array.from(b.map)).toEqual(Array.from(a.map));
    expect(Array.from(c.map)).not.toEqual(Array.from(a.map));
    const before = tf.memory().numTensors;
    const token = new CancelToken();
    await expect(mp.run(perturbCtx(mp, model, x, 1, { iterations: 50 }, { signal: token, progress: (d) => d === 5 && token.cancel() }))).rejects.toThrow(
      /cancelled/,
    );
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});

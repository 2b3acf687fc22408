import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { CancelToken } from '../../core/jobs';
import { loadImageFile } from '../../io/load';
import type { Classifier } from '../../model/classifier';
import { loadModelFromPath } from '../../model/load';
import { preprocess } from '../../model/preprocess';
import { splitModel } from '../../model/split';
import { demo, HAVE_SHARED, shared, SHARED_MODELS } from '../../testing/shared-data';
import type { ExplainContext, MethodOutput } from '../types';
import { ablationcam, ablationcamVariant } from './ablation-cam';
import { batchedCtx, expectCancelBetweenBatches, residualClassifier, runWithWeights } from './batched-fixtures';

const ctxOf = (...a: [Classifier, tf.Tensor4D, number, string | null, number, CancelToken?, ExplainContext['progress']?]): ExplainContext =>
  batchedCtx(ablationcam, ...a);

/** (S_c − S_c^k)/S_c for the given channels, zeroing one channel at a time by hand and running the head on [1,h,w,K]. */
function oneByOneWeights(c: Classifier, layer: string, x: tf.Tensor4D, target: number, channels: number[]): { sc: number; w: number[] } {
  return tf.tidy(() => {
    const split = splitModel(c, layer);
    const [A, ...side] = split.features(x) as [tf.Tensor4D, ...tf.Tensor[]];
    const S = (a: tf.Tensor4D): number => (split.head(a, side).arraySync() as number[][])[0][target];
    const sc = S(A);
    const K = A.shape[3];
    const w = channels.map((k) => {
      const keep = tf.tensor1d(Array.from({ length: K }, (_, j) => (j === k ? 0 : 1)));
      return (sc - S(A.mul(keep) as tf.Tensor4D)) / sc;
    });
    return { sc, w };
  });
}

/** The class with the largest (positive) logit: S_c divides the weights. */
const topClass = (c: Classifier, x: tf.Tensor4D): number => tf.tidy(() => c.logits(x).argMax(1).arraySync() as number[])[0];

describe('Ablation-CAM (Desai & Ramaswamy 2020)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('weighs channel k by (S_c − S_c^k)/S_c, equal to a loop zeroing one channel at a time, for any batch size', async () => {
    const c = residualClassifier();
    const x = tf.randomUniform([1, 10, 10, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const target = topClass(c, x);
    const channels = Array.from({ length: 12 }, (_, k) => k);
    const { sc, w: expected } = oneByOneWeights(c, 'target', x, target, channels);
    expect(sc).toBeGreaterThan(0);
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(1e-3);
    const before = tf.memory().numTensors;
    const runs: { out: MethodOutput; w: number[] }[] = [];
    for (const batch of [1, 7, 64]) {
      const steps: number[] = [];
      runs.push(
        await runWithWeights(
          ablationcamVariant,
          ctxOf(c, x, target, 'target', batch, new CancelToken(), (d) => steps.push(d)),
        ),
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(steps.filter((d) => d > 1)).toEqual(batch === 1 ? [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : batch === 7 ? [7, 12] : [12]);
    }
    for (const { w } of runs) w.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
    for (const { out } of runs.slice(1)) out.map.forEach((v, i) => expect(v).toBeCloseTo(runs[0].out.map[i], 5));
    // The method as registered gives the same map.
    const direct = await ablationcam.run(ctxOf(c, x, target, 'target', 32));
    direct.map.forEach((v, i) => expect(v).toBeCloseTo(runs[0].out.map[i], 6));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    c.dispose();
  });

  it('throws "cancelled" between batches and leaks nothing', () => expectCancelBetweenBatches(ablationcam, (c, x) => topClass(c, x), 5));

  const realCases: [string, () => string, () => string, string | null, boolean][] = [
    ['demo digits', () => demo('digits', 'model.json'), () => demo('digits', 'samples', 'digit-7.png'), null, true],
    ['demo chest', () => demo('chest', 'model.json'), () => demo('chest', 'samples', 'phantom-01.png'), null, true],
    ['LeNet (multi-output)', () => SHARED_MODELS.lenet, () => demo('digits', 'samples', 'digit-7.png'), null, HAVE_SHARED],
    ['Darknet-tiny at leaky_re_lu_15', () => SHARED_MODELS.darknet, () => shared('images', 'skimage_chelsea.png'), 'leaky_re_lu_15', HAVE_SHARED],
  ];
  for (const [name, modelPath, imagePath, layer, have] of realCases) {
    it.skipIf(!have)(`runs on ${name}: weights match the one-by-one loop on the most important channels`, async () => {
      const { classifier: c, info } = await loadModelFromPath(modelPath());
      const x = preprocess(await loadImageFile(imagePath()), info.preprocess, c.inputHeight, c.inputWidth, c.inputChannels);
      const target = topClass(c, x);
      const before = tf.memory().numTensors;
      const { out, w } = await runWithWeights(ablationcamVariant, ctxOf(c, x, target, layer, 32));
      expect(tf.memory().numTensors).toBe(before);
      const used = out.grid!.layer;
      expect(w.length).toBe(splitModel(c, used).shape[2]);
      expect(w.every(Number.isFinite)).toBe(true);
      const top = w
        .map((v, k) => [Math.abs(v), k])
        .sort((p, q) => q[0] - p[0])
        .slice(0, 4)
        .map((p) => p[1]);
      const { w: loop } = oneByOneWeights(c, used, x, target, top);
      top.forEach((k, i) => expect(w[k]).toBeCloseTo(loop[i], 4));
      expect(Math.abs(w[top[0]])).toBeGreaterThan(1e-4); // ablating the top channel moves the score
      expect(Math.min(...out.map)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out.map)).toBeGreaterThan(0);
      x.dispose();
      c.dispose();
    });
  }
});

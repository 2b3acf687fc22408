// Hand-computed curves on a linear 4-pixel model: S0 = w·x − 3, w = (1, 3, 0, 2),
// x = 1 everywhere, so S0(x) = 3 and each deleted pixel p lowers S0 by w_p.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { auc, deletionInsertion, levelCounts } from './deletion-insertion';
import { orderByValue } from './maps';
import { batchCtx, linearClassifier, sigmoid } from './fixtures';
import { describeEachBackend } from '../testing/each-backend';

const W = [1, 3, 0, 2];
const perfect = Float32Array.from(W); // deletion order 1, 3, 0, 2
const inverted = Float32Array.from(W, (v) => -v); // order 2, 0, 3, 1
const constant = new Float32Array(4).fill(7); // ties: row-major order 0, 1, 2, 3
const curve = (logits: number[]): number[] => logits.map(sigmoid);
const trapz = (y: number[]): number => y.slice(1).reduce((a, v, i) => a + (v + y[i]) / 2, 0) / (y.length - 1);

describeEachBackend(['wasm', 'cpu'], 'deletion / insertion (Petsiuk et al.)', () => {
  it('pixel order, level counts and the trapezoid AUC', () => {
    expect(Array.from(orderByValue(perfect))).toEqual([1, 3, 0, 2]);
    expect(Array.from(orderByValue(constant))).toEqual([0, 1, 2, 3]);
    expect(levelCounts(10, 4)).toEqual([0, 3, 5, 8, 10]);
    expect(auc([0, 0.5, 1], [1, 1, 0])).toBeCloseTo(0.75, 12);
  });

  it('deletion with the zero substrate: perfect < constant < inverted, each curve exact', async () => {
    const model = linearClassifier(W, -3);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const items = [perfect, constant, inverted].map((map) => ({ input: x, target: 0, map }));
    // batch 5 does not divide the 3×5 rows: batches straddle images.
    const out = await deletionInsertion(model, items, { steps: 4, kinds: ['deletion'], batch: 5 }, batchCtx());
    expect(tf.memory().numTensors).toBe(before);
    const expected = [curve([3, 0, -2, -3, -3]), curve([3, 2, -1, -1, -3]), curve([3, 3, 2, 0, -3])];
    out.forEach((o, i) => {
      o.deletion!.probability.forEach((p, k) => expect(p).toBeCloseTo(expected[i][k], 5));
      expect(o.deletion!.fraction).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(o.deletion!.auc).toBeCloseTo(trapz(expected[i]), 5);
    });
    expect(out[0].deletion!.auc).toBeLessThan(out[1].deletion!.auc);
    expect(out[1].deletion!.auc).toBeLessThan(out[2].deletion!.auc);
    x.dispose();
    model.dispose();
  });

  it('insertion from the zero substrate: perfect > inverted, the curves exact', async () => {
    const model = linearClassifier(W, -3);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const items = [perfect, inverted].map((map) => ({ input: x, target: 0, map }));
    const out = await deletionInsertion(model, items, { steps: 4, kinds: ['insertion'], insertionSubstrate: 'zero', batch: 32 }, batchCtx());
    const expected = [curve([-3, 0, 2, 3, 3]), curve([-3, -3, -2, 0, 3])];
    out.forEach((o, i) => o.insertion!.probability.forEach((p, k) => expect(p).toBeCloseTo(expected[i][k], 5)));
    expect(out[0].insertion!.auc).toBeCloseTo(trapz(expected[0]), 5);
    expect(out[0].insertion!.auc).toBeGreaterThan(out[1].insertion!.auc);
    x.dispose();
    model.dispose();
  });

  it('the blur and mean substrates of a flat image are the image itself: flat curves at σ(3)', async () => {
    const model = linearClassifier(W, -3);
    const x = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const out = await deletionInsertion(
      model,
      [{ input: x, target: 0, map: perfect }],
      { steps: 2, deletionSubstrate: 'mean', insertionSubstrate: 'blur' },
      batchCtx(),
    );
    for (const k of ['deletion', 'insertion'] as const) out[0][k]!.probability.forEach((p) => expect(p).toBeCloseTo(sigmoid(3), 5));
    x.dispose();
    model.dispose();
  });
});

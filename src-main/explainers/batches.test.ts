import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelToken } from '../core/jobs';
import { batchRanges, scoreInBatches, scoreInBatchesAsync } from './batches';
import { describeEachBackend } from '../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'batches', () => {
  it('covers every item once, in order, in batches of at most `batch`', () => {
    expect([...batchRanges(10, 4)]).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect([...batchRanges(3, 64)]).toEqual([[0, 3]]);
    expect([...batchRanges(0, 4)]).toEqual([]);
  });

  it('returns the same scores for any batch size, leaks nothing, and stops on cancel', async () => {
    const xs = tf.range(0, 10).reshape([10, 1]);
    const make = (s: number, e: number): tf.Tensor => xs.slice([s, 0], [e - s, 1]);
    const score = (b: tf.Tensor): tf.Tensor1D => b.squeeze([1]).square() as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    for (const batch of [1, 3, 64]) {
      const out = await scoreInBatches({ signal: new CancelToken(), progress: (d) => seen.push(d) }, 10, batch, make, score);
      expect(Array.from(out)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(seen.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const token = new CancelToken();
    let calls = 0;
    const p = scoreInBatches({ signal: token, progress: () => ++calls === 2 && token.cancel() }, 10, 2, make, score);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    xs.dispose();
  });

  it('the async variant (a score on another runtime) gives the same scores, frees each batch and leaks nothing', async () => {
    const xs = tf.range(0, 10).reshape([10, 1]);
    const made: tf.Tensor[] = [];
    const make = (s: number, e: number): tf.Tensor => {
      const b = xs.slice([s, 0], [e - s, 1]).mul(1);
      made.push(b);
      return b;
    };
    const score = async (b: tf.Tensor): Promise<tf.Tensor1D> => {
      const v = (await b.data()) as Float32Array;
      return tf.tensor1d(Array.from(v, (x) => x * x));
    };
    const before = tf.memory().numTensors;
    for (const batch of [1, 4, 64]) {
      const out = await scoreInBatchesAsync({ signal: new CancelToken(), progress: () => undefined }, 10, batch, make, score);
      expect(Array.from(out)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(made.every((b) => b.isDisposed)).toBe(true);
    xs.dispose();
  });
});

// The replaced BatchMatMul (transposed operands) against the cpu backend, and
// which calls it keeps for itself.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { compareWithCpu, randHost, record, worst } from './test-helpers';

type Case = [a: number[], b: number[], transposeA: boolean, transposeB: boolean];

const CASES: Case[] = [
  [[5, 7], [6, 7], false, true],
  [[7, 5], [7, 6], true, false],
  [[7, 5], [6, 7], true, true],
  [[1, 5, 7], [1, 6, 7], false, true], // rank 3, batch 1
  [[3, 7], [1, 6, 7], false, true], // mixed ranks: the output takes the larger
  [[2, 300], [500, 300], false, true], // a dense input gradient: (b·aᵀ)ᵀ, the kernel is not transposed
  [[2, 3], [2, 400], true, false], // a dense weight gradient: the small operand is transposed
  [[2, 3, 4], [2, 5, 4], false, true], // batched: the stock kernel
  [[4, 3], [3, 5], false, false], // no transpose: the stock kernel
];

describe('BatchMatMul with transposed operands on wasm', () => {
  beforeAll(async () => {
    expect((await initBackend({ prefer: 'wasm' })).backend).toBe('wasm');
  });
  afterAll(() => console.log('BatchMatMul max scaled diff vs cpu:', Object.fromEntries(worst)));

  it.each(CASES)('a %j b %j transposeA %s transposeB %s', async (a, b, transposeA, transposeB) => {
    const r = await compareWithCpu('BatchMatMul', { a: randHost(a), b: randHost(b) }, { transposeA, transposeB });
    record('BatchMatMul', r.diff);
    expect(r.wasm.shape).toEqual(r.cpu.shape);
    expect(r.wasm.leaked).toBe(0);
    expect(r.diff).toBeLessThan(1e-5);
  });

  it('forms the plain product itself for unbatched transposed operands and leaves the rest to the stock kernel', async () => {
    const products = async (a: number[], b: number[], transposeB: boolean): Promise<number> => {
      const [x, y] = [tf.tensor(randHost(a).values, a), tf.tensor(randHost(b).values, b)];
      const prof = await tf.profile(() => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, false, transposeB));
      tf.dispose([x, y]);
      return prof.kernels.filter((k) => k.name === 'BatchMatMul').length;
    };
    expect(await products([2, 30], [50, 30], true)).toBe(2); // ours, then the plain product inside it
    expect(await products([2, 3, 4], [2, 5, 4], true)).toBe(1);
    expect(await products([4, 3], [3, 5], false)).toBe(1);
  });
});

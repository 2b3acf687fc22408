import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { compareWithCpu, type HostTensor, maxDiff, onBackend, randHost, runOnce } from './test-helpers';

const ids = (shape: number[], values: number[]): HostTensor => ({ shape, values: Int32Array.from(values), dtype: 'int32' });

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    expect((await initBackend({ prefer: 'wasm' })).backend).toBe('wasm');
  });

  it.each([
    ['1-D ids, repeated', [6, 3], ids([6], [0, 2, 2, 1, 0, 2]), 4],
    ['1-D ids over a 3-D x', [5, 3, 2], ids([5], [1, 0, 1, 3, 3]), 4],
    ['scalar rows', [7], ids([7], [4, 4, 0, 1, 2, 3, 4]), 5],
  ] as const)('%s matches cpu', async (_name, xShape, segmentIds, numSegments) => {
    const r = await compareWithCpu('UnsortedSegmentSum', { x: randHost([...xShape]), segmentIds }, { numSegments });
    expect(r.wasm.shape).toEqual(r.cpu.shape);
    expect(r.diff).toBeLessThan(1e-5);
    expect(r.wasm.leaked).toBe(0);
  });

  it('accepts multi-dimensional ids (TensorFlow semantics; the cpu kernel mishandles them)', async () => {
    const x = randHost([2, 3, 2]);
    const r = await onBackend('wasm', () => runOnce('UnsortedSegmentSum', { x, segmentIds: ids([2, 3], [1, 0, 1, 2, 2, 0]) }, { numSegments: 3 }));
    const seg = [1, 0, 1, 2, 2, 0];
    const want = new Float32Array(6);
    seg.forEach((s, k) => {
      want[s * 2] += x.values[k * 2];
      want[s * 2 + 1] += x.values[k * 2 + 1];
    });
    expect(r.shape).toEqual([3, 2]);
    expect(maxDiff(r.values, want)).toBeLessThan(1e-6);
  });

  it('sums int32 data exactly', async () => {
    const x: HostTensor = { shape: [5, 2], values: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), dtype: 'int32' };
    const r = await onBackend('wasm', () => runOnce('UnsortedSegmentSum', { x, segmentIds: ids([5], [1, 1, 0, 2, 1]) }, { numSegments: 3 }));
    expect(Array.from(r.values)).toEqual([5, 6, 1 + 3 + 9, 2 + 4 + 10, 7, 8]);
  });

  it('drops ids outside [0, numSegments) as TensorFlow does', async () => {
    const x = randHost([4, 2]);
    const r = await onBackend('wasm', () => runOnce('UnsortedSegmentSum', { x, segmentIds: ids([4], [-1, 1, 5, 1]) }, { numSegments: 2 }));
    const v = x.values;
    expect(maxDiff(r.values, [0, 0, v[2] + v[6], v[3] + v[7]])).toBeLessThan(1e-6);
  });

  it('gives the gradient of gather', async () => {
    const g = await onBackend('wasm', () =>
      tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) =>
            tf.sum(
              tf.mul(
                tf.gather(t, tf.tensor1d([2, 0, 2], 'int32')),
                tf.tensor2d([
                  [1, 2],
                  [3, 4],
                  [5, 6],
                ]),
              ),
            ),
          )(tf.zeros([3, 2]))
          .arraySync(),
      ),
    );
    expect(g).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
  });
});

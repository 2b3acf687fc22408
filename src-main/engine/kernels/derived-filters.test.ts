// The derived-filter cache (derived-filters.ts): the cached backward equals
// the uncached one and the cpu reference, repeated passes reuse one entry and
// leave no tensor, a freed weight frees its entries, and the budget holds.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { clearDerivedFilters, derivedFilterStats } from './derived-filters';
import { maxDiff, onBackend, randHost } from './test-helpers';

const X = randHost([1, 9, 10, 6], 11);
const W3 = randHost([3, 3, 6, 5], 12);
const W1 = randHost([1, 1, 6, 5], 13);
const WD = randHost([3, 3, 6, 2], 14);

type Net = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor;
const conv =
  (stride: number): Net =>
  (x, w) =>
    tf.conv2d(x, w, stride, 'same');
const depthwise: Net = (x, w) => tf.depthwiseConv2d(x, w, 1, 'same');

/** ∂/∂x of Σ y·r for a fixed r: the input gradient through one kernel call. */
function inputGrad(net: Net, w: tf.Tensor4D): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(X.values, X.shape as [number, number, number, number]);
    const r = tf.sin(tf.range(0, net(x, w).size).reshape(net(x, w).shape));
    return tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(net(t as tf.Tensor4D, w), r)))(x)
      .dataSync() as Float32Array;
  });
}

const CASES: [string, Net, typeof W3][] = [
  ['3×3 stride 1 (flipped filter)', conv(1), W3],
  ['3×3 stride 2 (phase filter)', conv(2), W3],
  ['1×1 (transposed filter)', conv(1), W1],
  ['depthwise ×2 (flipped filter)', depthwise, WD],
];

describe('derived-filter cache', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    clearDerivedFilters();
  });
  afterAll(() => clearDerivedFilters());

  it.each(CASES)('%s: cached passes equal the first and cpu, and reuse one entry without a tensor', async (_name, net, wh) => {
    const ref = await onBackend('cpu', () => {
      const w = tf.tensor4d(wh.values, wh.shape as [number, number, number, number]);
      const g = inputGrad(net, w);
      w.dispose();
      return g;
    });
    const w = tf.tensor4d(wh.values, wh.shape as [number, number, number, number]);
    const start = derivedFilterStats().entries;
    const first = inputGrad(net, w);
    expect(derivedFilterStats().entries).toBe(start + 1);
    const before = tf.memory().numTensors;
    const again = inputGrad(net, w);
    expect(tf.memory().numTensors).toBe(before);
    expect(derivedFilterStats().entries).toBe(start + 1);
    expect(maxDiff(again, first)).toBe(0);
    expect(maxDiff(first, ref)).toBeLessThan(1e-5);
    w.dispose();
    expect(derivedFilterStats().entries).toBe(start);
  });

  it('a filter with new values (a Variable assigned) gets a new entry, not the stale one', () => {
    const init = tf.tensor4d(W3.values, W3.shape as [number, number, number, number]);
    const v = tf.variable(init);
    init.dispose();
    const a = inputGrad(conv(1), v as unknown as tf.Tensor4D);
    const doubled = tf.tidy(() => tf.mul(v, 2));
    v.assign(doubled as tf.Tensor4D);
    doubled.dispose();
    const b = inputGrad(conv(1), v as unknown as tf.Tensor4D);
    expect(
      maxDiff(
        b,
        Array.from(a, (x) => 2 * x),
      ),
    ).toBeLessThan(1e-6);
    v.dispose();
    expect(derivedFilterStats().entries).toBe(0);
  });

  it('clearing frees the buffers: the backend holds no more data ids than before', () => {
    const ids = (): number => tf.memory().numDataBuffers;
    clearDerivedFilters();
    const w = tf.tensor4d(W3.values, W3.shape as [number, number, number, number]);
    const before = ids();
    inputGrad(conv(1), w);
    expect(ids()).toBe(before + 1);
    clearDerivedFilters();
    expect(ids()).toBe(before);
    w.dispose();
  });
});

// The zero-copy wasm Identity: a clone shares the buffer (one allocation, freed
// with the last reference), values and gradients are unchanged, strings still copy.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';

interface WasmBackend {
  getMemoryOffset(dataId: tf.DataId): number;
  numDataIds(): number;
}
const wasm = (): WasmBackend => tf.backend() as unknown as WasmBackend;

describe('wasm Identity (zero-copy replacement)', () => {
  beforeAll(async () => {
    const s = await initBackend({ prefer: 'wasm' });
    expect(s.replacedKernels).toContain('Identity');
  });

  it('shares the buffer and keeps it until the last reference is disposed', () => {
    const ids = wasm().numDataIds();
    const x = tf.tensor2d([
      [1, -2, 3],
      [4, 5, -6],
    ]);
    const y = tf.clone(x);
    expect(wasm().numDataIds()).toBe(ids + 1); // one buffer for both
    expect(wasm().getMemoryOffset(y.dataId)).toBe(wasm().getMemoryOffset(x.dataId));
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3, 4, 5, -6]);
    expect(y.shape).toEqual([2, 3]);
    y.dispose();
    expect(wasm().numDataIds()).toBe(ids);
  });

  it('leaves gradients unchanged: d/dx Σ relu(x·w)² = 2·relu(x·w)·w·[x·w > 0]', () => {
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3, 0.5]);
      const w = tf.tensor1d([2, 1, -1, 4]);
      return tf
        .grad((t: tf.Tensor) => tf.relu(t.mul(w)).square().sum())(x)
        .dataSync();
    });
    // x·w = [2, −2, −3, 2] → [2·2·2, 0, 0, 2·2·4]
    expect(Array.from(g, (v) => v + 0)).toEqual([8, 0, 0, 16]); // + 0: relu's zero gradient times −w is −0
    expect(tf.memory().numTensors).toBe(before);
  });

  it('copies string tensors through the stock kernel', () => {
    const s = tf.tensor1d(['a', 'bc']);
    const c = tf.clone(s);
    s.dispose();
    expect(c.dataSync()).toEqual(['a', 'bc']);
    c.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { type LinearMap, type LinearRule, linearRelevance } from './rules';

const conv = (kernel: tf.Tensor, bias: tf.Tensor | null = null): LinearMap => ({
  kernel,
  bias,
  apply: (u, k) => tf.conv2d(u as tf.Tensor4D, k as tf.Tensor4D, 2, 'same'),
});
const sum = (t: tf.Tensor): number => tf.tidy(() => t.sum().dataSync()[0]);

describe('LRP rules on one linear map', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('every bias-free rule sends Σ R_out down unchanged (stride 2, same padding)', () => {
    const W = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 1);
    const x = tf.randomUniform([1, 7, 7, 2], -1, 1, 'float32', 2);
    const R = tf.randomUniform([1, 4, 4, 4], 0, 1, 'float32', 3);
    const rules: LinearRule[] = [
      { kind: 'epsilon', epsilon: 0 },
      { kind: 'gamma', gamma: 0.5 },
      { kind: 'alphabeta', alpha: 2, beta: 1 },
      { kind: 'alphabeta', alpha: 1, beta: 0 },
      { kind: 'flat' },
      { kind: 'w2' },
      { kind: 'zb', low: -1, high: 1 },
    ];
    const before = tf.memory().numTensors;
    for (const rule of rules) {
      const r = linearRelevance(conv(W), x, R, rule);
      expect(r.shape).toEqual(x.shape);
      expect(Math.abs(sum(r) - sum(R))).toBeLessThan(1e-3 * sum(R));
      r.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([W, x, R]);
  });

  it('flat ignores the input and spreads R uniformly; w² ignores it too; zB is non-negative for R ≥ 0', () => {
    // Dense-like 1×1 conv: output j sees every channel of its pixel.
    const W = tf.randomNormal([1, 1, 3, 2], 0, 1, 'float32', 4);
    const m: LinearMap = { kernel: W, bias: null, apply: (u, k) => tf.conv2d(u as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid') };
    const x1 = tf.randomUniform([1, 2, 2, 3], 0, 1, 'float32', 5);
    const x2 = tf.randomUniform([1, 2, 2, 3], 0, 1, 'float32', 6);
    const R = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    const flat = linearRelevance(m, x1, R, { kind: 'flat' }).dataSync();
    // Pixel p: (R_p0 + R_p1) / 3 to each of its 3 channels.
    expect(Array.from(flat).map((v) => +v.toFixed(4))).toEqual([1, 1, 1, 7 / 3, 7 / 3, 7 / 3, 11 / 3, 11 / 3, 11 / 3, 5, 5, 5].map((v) => +v.toFixed(4)));
    const w2a = linearRelevance(m, x1, R, { kind: 'w2' }).dataSync();
    const w2b = linearRelevance(m, x2, R, { kind: 'w2' }).dataSync();
    for (let i = 0; i < w2a.length; i++) expect(w2a[i]).toBeCloseTo(w2b[i], 6);
    const zb = linearRelevance(m, x1, R, { kind: 'zb', low: 0, high: 1 });
    expect(tf.tidy(() => zb.min().dataSync()[0])).toBeGreaterThanOrEqual(0);
    tf.dispose([W, x1, x2, R, zb]);
  });
});

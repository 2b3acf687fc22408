import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { ablatedActivations, maskedInputs } from './masked-batches';
import { describeEachBackend } from '../../testing/each-backend';

const up = (a: tf.Tensor4D): tf.Tensor4D => tf.image.resizeBilinear(a, [6, 6], true);
// Per-map min-max, constant maps → 0 (what the CAM template's `normalise` does).
const norm = (m: tf.Tensor4D): tf.Tensor4D =>
  tf.tidy(() => {
    const lo = m.min([1, 2], true);
    const r = m.max([1, 2], true).sub(lo);
    return m.sub(lo).div(r.where(r.greater(0), tf.onesLike(r))) as tf.Tensor4D;
  });

describeEachBackend(['wasm', 'cpu'], 'masked batches', () => {
  it('zeroes exactly one channel per row', async () => {
    const a = tf.randomUniform([1, 2, 3, 5], 1, 2, 'float32', 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const b = ablatedActivations(a, 1, 4);
    expect(b.shape).toEqual([3, 2, 3, 5]);
    const v = (await b.array()) as number[][][][];
    const src = (await a.array()) as number[][][][];
    for (let r = 0; r < 3; r++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) for (let k = 0; k < 5; k++) expect(v[r][i][j][k]).toBeCloseTo(k === r + 1 ? 0 : src[0][i][j][k], 6);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });

  it('builds min-max normalised masks in [0,1] and multiplies them into the input', async () => {
    const a = tf.randomNormal([1, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const x = tf.ones([1, 6, 6, 2]) as tf.Tensor4D;
    const m = maskedInputs(x, a, 0, 4, up, norm);
    expect(m.shape).toEqual([4, 6, 6, 2]);
    const mins = (await m.min([1, 2, 3]).data()) as Float32Array;
    const maxs = (await m.max([1, 2, 3]).data()) as Float32Array;
    for (let k = 0; k < 4; k++) {
      expect(mins[k]).toBeCloseTo(0, 6);
      expect(maxs[k]).toBeCloseTo(1, 5);
    }
    // A constant channel gives an all-zero mask, not NaN.
    const flat = tf.tidy(() => maskedInputs(x, tf.fill([1, 3, 3, 1], 2) as tf.Tensor4D, 0, 1, up, norm));
    expect(Math.max(...(await flat.abs().data()))).toBe(0);
    tf.dispose([a, x, m, flat]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { linearClassifier } from '../../metrics/fixtures';
import { camCtx } from '../cam/fixtures';
import { getMethod } from '../registry';
import { randomMap } from './random-map';
import { sobelEdges, sobelMagnitude } from './sobel';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'controls', () => {
  it('Sobel magnitude of a vertical step (cols 0–1 = 0, 2–3 = 1): 4 on both sides of the edge, 0 elsewhere', () => {
    const g = Float32Array.from({ length: 12 }, (_, i) => (i % 4 >= 2 ? 1 : 0));
    // gx = (1 + 2 + 1)·(right − left) = 4 at columns 1 and 2; replicated borders keep rows alike.
    expect(Array.from(sobelMagnitude(g, 3, 4))).toEqual([0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4, 0]);
  });

  it('the sobel control averages colour channels; the random map is seeded per input', async () => {
    const model = linearClassifier([1, 1, 1, 1], 0);
    const x = tf.tensor4d([0, 0, 0, 3, 3, 3, 0, 0, 0, 3, 3, 3], [1, 2, 2, 3]); // grey 0 | 3 columns
    const before = tf.memory().numTensors;
    const s = await sobelEdges.run(camCtx(model, x, 0, null));
    expect(Array.from(s.map)).toEqual([12, 12, 12, 12]);
    const r1 = await randomMap.run(camCtx(model, x, 0, null, { seed: 0 }));
    const r2 = await randomMap.run(camCtx(model, x, 0, null, { seed: 0 }));
    const y = x.mul(0.5) as tf.Tensor4D;
    const r3 = await randomMap.run(camCtx(model, y, 0, null, { seed: 0 }));
    expect(Array.from(r1.map)).toEqual(Array.from(r2.map));
    expect(Array.from(r1.map)).not.toEqual(Array.from(r3.map));
    expect(r1.map.every((v) => v >= 0 && v < 1)).toBe(true);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before - 1);
    model.dispose();
  });

  it('are registry methods of family control, found like any method; the unknown is named', () => {
    for (const id of ['random-map', 'fake-cam', 'sobel']) expect(getMethod(id).family).toBe('control');
    expect(getMethod('gradcam').id).toBe('gradcam');
    expect(() => getMethod('nope')).toThrow(/unknown method "nope"/);
  });
});

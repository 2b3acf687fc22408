import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { fakeCam } from './fake-cam';
import { camCtx } from './fixtures';

describe('Fake-CAM (Poppi et al.)', () => {
  it('is 1/N everywhere (N = H·W of the model input) except 0 at the top-left pixel', async () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [6, 10, 3] }), tf.layers.dense({ units: 2 })] });
    const x = tf.ones([1, 6, 10, 3]) as tf.Tensor4D;
    const out = await fakeCam.run(camCtx(layersClassifier(model), x, 1, null));
    expect(out.shape).toEqual([6, 10]);
    expect(out.map[0]).toBe(0);
    expect(Array.from(out.map.slice(1)).every((v) => v === Math.fround(1 / 60))).toBe(true);
    expect(out.map.reduce((a, b) => a + b, 0)).toBeCloseTo(59 / 60, 6);
    x.dispose();
    model.dispose();
  });
});

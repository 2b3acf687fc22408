import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { composite, fillImage, parseFill } from './fill';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'fill', () => {
  it('maps black and colours through the model preprocessing', () => {
    const x = tf.randomUniform([1, 4, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const unit = fillImage(x, 'zero');
    expect(Math.max(...unit.dataSync().map(Math.abs))).toBe(0);
    const inet = fillImage(x, 'zero', { preprocess: { preset: 'imagenet', resize: 'stretch' } });
    const v = inet.dataSync();
    expect(v[0]).toBeCloseTo(-0.485 / 0.229, 5);
    expect(v[1]).toBeCloseTo(-0.456 / 0.224, 5);
    expect(v[2]).toBeCloseTo(-0.406 / 0.225, 5);
    const grey = fillImage(x, '#808080', { preprocess: { preset: 'signed', resize: 'stretch' } });
    expect(grey.dataSync()[5]).toBeCloseTo((128 / 255) * 2 - 1, 5);
    const mean = fillImage(x, 'mean');
    const xs = x.dataSync();
    const m1 = Array.from({ length: 16 }, (_, i) => xs[3 * i + 1]).reduce((a, b) => a + b) / 16;
    expect(mean.dataSync()[3 * 7 + 1]).toBeCloseTo(m1, 5);
    tf.dispose([unit, inet, grey, mean]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects an unknown fill by name', () => {
    expect(() => parseFill('purple')).toThrow(/fill "purple"/);
    expect(parseFill('#ff0000')).toEqual({ rgb: [1, 0, 0] });
  });

  it('composites x where keep = 1 and the fill where keep = 0, per row', () => {
    const x = tf.fill([1, 2, 2, 1], 5) as tf.Tensor4D;
    const f = tf.fill([1, 2, 2, 1], 1) as tf.Tensor4D;
    const keep = tf.tensor4d([1, 0, 1, 0, 0, 1, 0.5, 0], [2, 2, 2, 1]);
    expect(Array.from(composite(x, f, keep).dataSync())).toEqual([5, 1, 5, 1, 1, 5, 3, 1]);
    tf.dispose([x, f, keep]);
  });
});

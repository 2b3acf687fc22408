import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { inputSpace, modelToUnit, unitToModel, unitToRgba } from './deprocess';
import { clipBelowPercentile, gaussianBlur, gaussianKernel, pixelNorm, roll, totalVariation } from './regularisers';

describe('regularisers and de-processing', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('roll shifts circularly and roll(−) undoes it', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    expect(Array.from(roll(x, 0, 1).dataSync())).toEqual([3, 1, 2, 6, 4, 5]);
    expect(Array.from(roll(x, 1, 0).dataSync())).toEqual([4, 5, 6, 1, 2, 3]);
    expect(Array.from(roll(roll(x, 1, -2), -1, 2).dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('blur keeps a constant image constant (mirrored borders) and spreads an impulse as the normalised Gaussian', () => {
    const before = tf.memory().numTensors;
    const c = tf.fill([1, 9, 9, 3], 0.7) as tf.Tensor4D;
    const bc = gaussianBlur(c, 1);
    for (const v of bc.dataSync()) expect(v).toBeCloseTo(0.7, 5);
    const imp = tf.buffer([1, 15, 15, 1]);
    imp.set(1, 0, 7, 7, 0);
    const b = tf.tidy(() => gaussianBlur(imp.toTensor() as tf.Tensor4D, 1).dataSync());
    const k = gaussianKernel(1); // radius 3, sums to 1
    expect(k.length).toBe(7);
    expect(b[7 * 15 + 7]).toBeCloseTo(k[3] * k[3], 6);
    expect(b[7 * 15 + 9]).toBeCloseTo(k[3] * k[5], 6);
    expect(Array.from(b).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    tf.dispose([c, bc]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('total variation of [[0,1],[2,4]] is (2² + 3²) + (1² + 2²) = 18', () => {
    expect(totalVariation(tf.tensor4d([0, 1, 2, 4], [1, 2, 2, 1])).dataSync()[0]).toBeCloseTo(18, 6);
  });

  it('clipping below the 50th percentile of pixel norm zeroes the 2 weakest of 4 pixels', () => {
    const x = tf.tensor4d([3, 4, 0.1, 0, 1, 1, 0, 0.2], [1, 2, 2, 2]); // norms 5, 0.1, 1.41, 0.2
    expect(Array.from(pixelNorm(x).dataSync()).map((v) => +v.toFixed(3))).toEqual([5, 0.1, 1.414, 0.2]);
    expect(Array.from(clipBelowPercentile(x, pixelNorm(x), 50).dataSync())).toEqual([3, 4, 0, 0, 1, 1, 0, 0]);
  });

  it('modelToUnit inverts every preset: unit → model → unit is the identity (imagenet, caffe with BGR reversal, signed, raw, inverted)', () => {
    const u = [0.1, 0.5, 0.9];
    for (const preset of ['unit', 'signed', 'raw', 'imagenet', 'caffe'] as const) {
      for (const invert of [false, true]) {
        const spec = { preset, resize: 'stretch' as const, invert };
        // caffe stores BGR: model channel ch holds RGB channel 2 − ch.
        const model = [0, 1, 2].map((ch) => unitToModel(preset === 'caffe' ? u[2 - ch] : u[ch], ch, spec));
        const back = modelToUnit(tf.tensor4d(model, [1, 1, 1, 3]), spec).dataSync();
        for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(u[i], 4);
      }
    }
    // The zero image: dataset mean (0) where the preset subtracts one, mid-grey otherwise.
    expect(inputSpace({ preset: 'imagenet', resize: 'stretch' }, 3).centre).toEqual([0, 0, 0]);
    expect(inputSpace({ preset: 'signed', resize: 'stretch' }, 1)).toMatchObject({ centre: [0], lo: [-1], hi: [1], span: 2 });
    expect(inputSpace({ preset: 'raw', resize: 'stretch' }, 1).centre).toEqual([127.5]);
  });

  it('unitToRgba shows an in-range image as it is and compresses an out-of-range one about grey', () => {
    expect(Array.from(unitToRgba(Float32Array.from([0, 1]), 1, 2, 1))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    // max |u − 0.5| = 1.5 → scale 1/3: −1 → 0, 2 → 255, 0.5 → 128.
    expect(Array.from(unitToRgba(Float32Array.from([-1, 2, 0.5]), 1, 3, 1)).filter((_, i) => i % 4 === 0)).toEqual([0, 255, 128]);
  });
});

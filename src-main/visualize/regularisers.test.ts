import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { inputSpace, modelToUnit, unitToModel, unitToRgba } from './deprocess';
import { gaussianTaps } from '../numerics/image-ops';
import { clipBelowPercentile, pixelNorm, regulariserBlur, totalVariation } from './regularisers';

describe('regularisers and de-processing', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('blur options: radius ⌈3σ⌉ with edge-excluding mirrors; a radius past the shorter side is cut there with σ = r/3', () => {
    expect(regulariserBlur(1, 28, 28)).toEqual({ sigma: 1, truncate: 3, rounding: 'ceil', border: 'reflect', route: 'conv' });
    const cut = regulariserBlur(5, 8, 12);
    expect(cut.sigma).toBeCloseTo(7 / 3, 15);
    expect(gaussianTaps(cut).length).toBe(15);
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

// The preview's render-back against hand computations: a centre crop of a
// 300×200 image to 224² keeps columns 50..249, invert gives 255 − v, and
// undoing scale, mean/std and BGR gives the image's own bytes back.
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadImageBytes } from '../io/load';
import { fullSpec, inputPreview, renderBack } from './input-preview';
import type { PreprocessSpec } from '../api/types';
import { preprocess } from './preprocess';

const png = (w: number, h: number, px: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(px(x, y), (y * w + x) * 3);
  return loadImageBytes('hand.png', encode({ width: w, height: h, channels: 3, depth: 8, data }));
};
/** 300 wide, 200 high: red counts columns from 50 (0 left of it), green counts rows, blue is 7. */
const wide = () => png(300, 200, (x, y) => [Math.min(255, Math.max(0, x - 50)), y, 7]);
const rgbAt = (d: Uint8Array, w: number, i: number, j: number) => Array.from(d.subarray((i * w + j) * 4, (i * w + j) * 4 + 4));

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('inputPreview', () => {
  it('torchvision: the centre 200×200 (columns 50..249) resized to 224², every pixel as the hand computation', async () => {
    const p = inputPreview(await wide(), fullSpec({ preset: 'torchvision' }, { preset: 'unit', resize: 'stretch' }), 224, 224, 3);
    expect([p.width, p.height, p.channels, p.data.length]).toEqual([224, 224, 3, 224 * 224 * 4]);
    expect(p.preprocess.resize).toBe('crop');
    // Bilinear with aligned corners samples source column 50 + j·199/223; red there is j·199/223 (linear in the crop).
    for (let i = 0; i < 224; i++)
      for (let j = 0; j < 224; j++) expect(rgbAt(p.data, 224, i, j)).toEqual([Math.round((j * 199) / 223), Math.round((i * 199) / 223), 7, 255]);
    // The tensor's range: ImageNet's (0 − 0.485)/0.229 at its darkest red.
    expect(p.min).toBeCloseTo((0 - 0.485) / 0.229, 5);
  });

  it('stretch keeps the whole width (red 0 at the left, 249 at the right), pad adds black rows above and below', async () => {
    const img = await wide();
    const s = inputPreview(img, { preset: 'imagenet', resize: 'stretch' }, 224, 224, 3);
    expect(rgbAt(s.data, 224, 0, 0).slice(0, 3)).toEqual([0, 0, 7]);
    expect(rgbAt(s.data, 224, 223, 223).slice(0, 3)).toEqual([249, 199, 7]);
    // Pad: a 300×300 square with 50 rows above; row 0 of 224 samples source row 0 (padding, black).
    const p = inputPreview(img, { preset: 'unit', resize: 'pad' }, 300, 300, 3);
    expect(rgbAt(p.data, 300, 49, 120)).toEqual([0, 0, 0, 255]);
    expect(rgbAt(p.data, 300, 50, 120)).toEqual([70, 0, 7, 255]);
    expect(rgbAt(p.data, 300, 250, 120)).toEqual([0, 0, 0, 255]);
  });

  it('invert gives 255 − v for every byte; unit, raw, signed and a custom mean/std give the image back', async () => {
    const img = await png(5, 4, (x, y) => [x * 50, y * 60, 255 - x * y * 10]);
    const orig = Array.from({ length: 20 }, (_, k) => [(k % 5) * 50, Math.floor(k / 5) * 60, 255 - (k % 5) * Math.floor(k / 5) * 10]);
    const inv = inputPreview(img, { preset: 'unit', resize: 'stretch', invert: true }, 4, 5, 3);
    orig.forEach((px, k) => expect(Array.from(inv.data.subarray(k * 4, k * 4 + 3))).toEqual(px.map((v) => 255 - v)));
    for (const spec of [
      { preset: 'unit', resize: 'stretch' },
      { preset: 'raw', resize: 'stretch' },
      { preset: 'signed', resize: 'stretch' },
      { preset: 'caffe', resize: 'stretch' },
      { preset: 'unit', resize: 'stretch', scale: 2, mean: [0.5, 1, 1.5], std: [0.25] },
    ] satisfies PreprocessSpec[]) {
      const p = inputPreview(img, spec, 4, 5, 3);
      orig.forEach((px, k) => expect(Array.from(p.data.subarray(k * 4, k * 4 + 3)), spec.preset).toEqual(px));
    }
  });

  it('a BGR input holds blue in channel 0 (minus its mean), shown back as blue', async () => {
    const img = await png(1, 1, () => [10, 20, 30]);
    const x = preprocess(img, { preset: 'unit', resize: 'stretch', channels: 'bgr', scale: 255, mean: [1, 2, 3] }, 1, 1, 3);
    expect(Array.from(x.dataSync())).toEqual([29, 18, 7]);
    x.dispose();
    const p = renderBack([29, 18, 7], 1, 1, 3, { preset: 'unit', resize: 'stretch', channels: 'bgr', scale: 255, mean: [1, 2, 3] });
    expect(Array.from(p.data)).toEqual([10, 20, 30, 255]);
  });

  it('a one-channel input is shown grey (R = G = B) and clamps values out of range', () => {
    const p = renderBack([-0.5, 0.2, 1.7], 1, 3, 1, { preset: 'unit', resize: 'stretch' });
    expect(Array.from(p.data)).toEqual([0, 0, 0, 255, 51, 51, 51, 255, 255, 255, 255, 255]);
    expect([p.min, p.max]).toEqual([-0.5, 1.7]);
  });
});

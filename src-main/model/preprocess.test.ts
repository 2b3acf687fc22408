// The torchvision preset against a hand computation: a 4×2 RGB PNG (known
// bytes, decoded as every upload is) into a 2×2×3 model input, each value
// (v/255 − mean)/std with ImageNet's mean [0.485, 0.456, 0.406] and std
// [0.229, 0.224, 0.225]; the preset's crop keeps the centre columns.
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadImageBytes } from '../io/load';
import { presetFacts } from '../api/preprocess-spec';
import { preprocess } from './preprocess';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
/** 2 rows × 4 columns × RGB, every value distinct. */
const PIXELS = [
  [
    [0, 10, 255],
    [12, 200, 34],
    [255, 128, 1],
    [90, 91, 92],
  ],
  [
    [7, 77, 177],
    [60, 0, 250],
    [33, 66, 99],
    [250, 251, 252],
  ],
];
const png = async (rows: number[][][]) =>
  loadImageBytes('known.png', encode({ width: rows[0].length, height: rows.length, channels: 3, depth: 8, data: Uint8Array.from(rows.flat(2)) }));
/** The hand computation, [row][col][channel]. */
const hand = (rows: number[][][]): number[][][] => rows.map((r) => r.map((px) => px.map((v, c) => (v / 255 - MEAN[c]) / STD[c])));

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('the torchvision preset', () => {
  it('implies the centre crop, and gives (v/255 − mean)/std of the centre 2×2 of a 4×2 image to 1e-6', async () => {
    expect(presetFacts('torchvision').resize).toBe('crop');
    const x = preprocess(await png(PIXELS), { preset: 'torchvision', resize: 'crop' }, 2, 2, 3);
    expect(x.shape).toEqual([1, 2, 2, 3]);
    const got = (x.arraySync() as number[][][][])[0];
    x.dispose();
    // Columns 1 and 2 of 0..3: the crop takes floor((4 − 2)/2) = 1 from the left, and no resize is needed.
    const want = hand(PIXELS.map((r) => r.slice(1, 3)));
    expect(want[0][0][0]).toBeCloseTo((12 / 255 - 0.485) / 0.229, 12);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 3; c++) expect(Math.abs(got[i][j][c] - want[i][j][c])).toBeLessThan(1e-6);
  });

  it('has the values of imagenet (only its resize differs), and needs three channels', async () => {
    const img = await png(PIXELS.map((r) => r.slice(0, 2)));
    const [a, b] = [
      preprocess(img, { preset: 'torchvision', resize: 'stretch' }, 2, 2, 3),
      preprocess(img, { preset: 'imagenet', resize: 'stretch' }, 2, 2, 3),
    ];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const want = hand(PIXELS.map((r) => r.slice(0, 2))).flat(2);
    Array.from(a.dataSync()).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThan(1e-6));
    tf.dispose([a, b]);
    expect(() => preprocess(img, { preset: 'torchvision', resize: 'crop' }, 2, 2, 1)).toThrow('the torchvision preset needs a 3-channel model input');
  });
});

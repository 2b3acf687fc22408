import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { inputFrame, labelsToInput, masksToInput } from './geometry';

beforeAll(() => initBackend({ prefer: 'wasm' }));

const column = (H: number, W: number, xs: number[]): Uint8Array => {
  const m = new Uint8Array(H * W);
  for (let y = 0; y < H; y++) for (const x of xs) m[y * W + x] = 1;
  return m;
};

describe('masks to the model input', () => {
  it('matches preprocess.ts frames: centre crop and letterbox pad', () => {
    expect(inputFrame(10, 20, 4, 4, 'crop')).toEqual({ top: 0, left: 5, height: 10, width: 10 });
    expect(inputFrame(10, 20, 4, 4, 'pad')).toEqual({ top: -5, left: 0, height: 20, width: 20 });
    expect(inputFrame(10, 20, 4, 4, 'stretch')).toEqual({ top: 0, left: 0, height: 10, width: 20 });
  });

  it('8×8 → 4×4 stretch samples columns 0, 7/3, 14/3, 7 with aligned corners (bilinear weights by hand)', async () => {
    const before = tf.memory().numTensors;
    const t = masksToInput([column(8, 8, [7]), column(8, 8, [5]), column(8, 8, [2])], 8, 8, 4, 4, 'stretch');
    const d = await t.data();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const row = (n: number) => Array.from(d.slice(n * 16, n * 16 + 4));
    // Column 7 is sampled exactly by output column 3 only.
    expect(row(0)).toEqual([0, 0, 0, 1]);
    // x = 14/3 = 4.667 lies 2/3 of the way from column 4 to column 5.
    row(1).forEach((v, i) => expect(v).toBeCloseTo([0, 0, 2 / 3, 0][i], 6));
    // x = 7/3 = 2.333: 2/3 of column 2 (1 − 1/3).
    row(2).forEach((v, i) => expect(v).toBeCloseTo([0, 2 / 3, 0, 0][i], 6));
  });

  it('pad never hides the letterbox; crop drops what lies outside the centre square', async () => {
    // 2×4 image, all hidden; pad to a 4×4 square with one empty row above and below.
    const padded = masksToInput([new Uint8Array(8).fill(1)], 2, 4, 4, 4, 'pad');
    expect(Array.from(await padded.data())).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
    // 2×4 image with only its outer columns hidden; crop keeps columns 1..2.
    const cropped = masksToInput([column(2, 4, [0, 3])], 2, 4, 2, 2, 'crop');
    expect(Array.from(await cropped.data())).toEqual([0, 0, 0, 0]);
    tf.dispose([padded, cropped]);
  });

  it('labels go nearest-neighbour on the same grid; the pad takes the "outside" label', () => {
    const labels = Int32Array.from({ length: 16 }, (_, i) => i);
    // 4×4 → 2×2 aligned corners: the four corner pixels.
    expect(Array.from(labelsToInput(labels, 4, 4, 2, 2, 'stretch'))).toEqual([0, 3, 12, 15]);
    // Same size: identity.
    expect(Array.from(labelsToInput(labels, 4, 4, 4, 4, 'stretch'))).toEqual(Array.from(labels));
    // 2×4 padded to 4×4: rows 0 and 3 are outside the image.
    const l8 = Int32Array.from({ length: 8 }, (_, i) => i + 1);
    expect(Array.from(labelsToInput(l8, 2, 4, 4, 4, 'pad', 0))).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
  });
});

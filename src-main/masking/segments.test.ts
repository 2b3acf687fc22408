import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backend';
import type { DecodedImage } from '../io/decoded';
import { MAX_SIDE, segmentImage } from './segments';

beforeAll(() => initBackend({ prefer: 'wasm' }));

/** Left half black, right half white, 8-bit grey. */
function halves(h: number, w: number): DecodedImage {
  const data = Float32Array.from({ length: h * w }, (_, i) => (i % w < w / 2 ? 0 : 255));
  return {
    kind: 'raster',
    format: 'png',
    width: w,
    height: h,
    channels: 1,
    bitDepth: 8,
    data,
    min: 0,
    max: 255,
    window: [0, 255],
    invert: false,
    dicom: null,
    notes: [],
  };
}

describe('superpixels for the click tool', () => {
  it('splits a two-tone image into exactly its two halves, at the image resolution', async () => {
    const before = tf.memory().numTensors;
    // σ = 0.5 smoothing makes each side of the edge a 20-px strip of its own; minSize 25 folds them in.
    expect((await segmentImage(halves(20, 30))).count).toBe(4);
    const s = await segmentImage(halves(20, 30), { minSize: 25 });
    expect(tf.memory().numTensors).toBe(before);
    expect([s.width, s.height, s.count]).toEqual([30, 20, 2]);
    const left = s.labels[0];
    for (let i = 0; i < s.labels.length; i++) expect(s.labels[i] === left).toBe(i % 30 < 15);
  });

  it(`segments images above ${MAX_SIDE} px reduced, and returns labels at full size`, async () => {
    const s = await segmentImage(halves(600, 1200));
    expect([s.width, s.height, s.count, s.labels.length]).toEqual([1200, 600, 2, 720000]);
    // The boundary stays within one reduced pixel (1200/512 ≈ 2.3 px) of column 600.
    const row = Array.from(s.labels.subarray(0, 1200));
    const edge = row.findIndex((l) => l !== row[0]);
    expect(Math.abs(edge - 600)).toBeLessThanOrEqual(3);
  });
});

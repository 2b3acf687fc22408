import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { pickConvForm } from './conv2d_backprop_filter';
import { compareWithCpu, randHost, record, worst } from './test-helpers';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
type Case = [x: Shape4, filter: Shape4, strides: number | [number, number], pad: Pad, format?: 'NHWC' | 'NCHW'];

// Comments name the form pickConvForm chooses; a test below checks both are covered.
const CASES: Case[] = [
  [[2, 7, 6, 3], [3, 3, 3, 4], 1, 'same'], // im2col, one wide product
  [[2, 9, 8, 3], [3, 3, 3, 4], 2, 'valid'], // im2col, strided taps
  [[2, 8, 7, 2], [2, 3, 2, 3], 2, 'same'],
  [[3, 11, 10, 2], [5, 4, 2, 3], [3, 2], 'valid'],
  [[1, 10, 6, 5], [1, 1, 5, 2], 2, 'same'],
  [
    [2, 5, 5, 2],
    [3, 3, 2, 2],
    1,
    [
      [0, 0],
      [4, 1],
      [0, 3],
      [0, 0],
    ],
  ], // pad larger than the filter
  [[2, 3, 8, 7], [2, 3, 3, 3], 2, 'same', 'NCHW'],
  [[4, 28, 28, 8], [3, 3, 8, 16], 1, 'same'], // im2col
  [[2, 17, 18, 16], [3, 3, 16, 5], 1, 'same'], // im2col, per-tap products
  [[2, 6, 9, 20], [3, 3, 20, 7], 1, 'same'], // conv (small output)
  [[2, 9, 8, 12], [3, 3, 12, 6], 2, 'same'], // conv (strided)
  [[3, 13, 11, 8], [4, 2, 8, 3], [3, 2], 'valid'], // conv, unequal strides
  [
    [2, 7, 7, 9],
    [3, 3, 9, 4],
    1,
    [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  ], // conv, explicit pads
  [[2, 8, 6, 5], [3, 3, 8, 4], 2, 'same', 'NCHW'], // conv, NCHW
];

const info = ([x, f, s, pad, format = 'NHWC']: Case) =>
  tf.backend_util.computeConv2DInfo(x, f, s, 1, pad, undefined, false, format === 'NCHW' ? 'channelsFirst' : 'channelsLast');

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    const s = await initBackend({ prefer: 'wasm' });
    expect(s.backend).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
  afterAll(() => console.log('Conv2DBackpropFilter max scaled diff vs cpu:', worst.get('c2f')));

  it('the cases exercise both the im2col and the conv form', () => {
    const forms = new Set(CASES.map((c) => pickConvForm(info(c))));
    expect(forms).toEqual(new Set([true, false]));
  });

  it.each(CASES)('x %j filter %j strides %j pad %j %s matches cpu', async (...c) => {
    const [x, f, strides, pad, dataFormat = 'NHWC'] = c;
    const attrs = { strides, pad, dataFormat, filterShape: f, dimRoundingMode: undefined };
    const dy = randHost(info(c).outShape); // outShape is already in the data format's layout
    const r = await compareWithCpu('Conv2DBackpropFilter', { x: randHost(x), dy }, attrs);
    record('c2f', r.diff);
    expect(r.wasm.shape).toEqual(f);
    expect(r.diff).toBeLessThan(1e-4);
    expect(r.wasm.leaked).toBe(0);
  });
});

// The replaced stock wasm kernels (MaxPoolGrad, Conv2DBackpropInput; Identity and BatchMatMul have their own tests) against the
// cpu backend, plus the replacement mechanics and the stock bug that motivated it.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { REPLACEMENTS, replaceStockWasmKernels } from './replacements';
import { compareWithCpu, type HostTensor, maxDiff, onBackend, randHost, record, worst } from './test-helpers';
import { stockKernel } from './util';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number;
type Values = 'uniform' | 'negative' | 'ties' | 'zeros' | 'inf';
type PoolCase = [
  x: Shape4,
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: Pad,
  values: Values,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
];

const POOL_CASES: PoolCase[] = [
  [[1, 6, 6, 2], 2, 2, 'valid', 'negative'], // the stock bug
  [[2, 8, 6, 3], 2, 2, 'valid', 'uniform'],
  [[2, 7, 9, 3], 2, 2, 'same', 'negative'], // odd sizes: padded edge windows
  [[2, 7, 9, 3], 3, 2, 'same', 'uniform'], // overlapping windows
  [[1, 9, 7, 4], 3, 2, 'valid', 'negative'], // a remainder row/column no window reads
  [[2, 7, 7, 2], 2, 1, 'same', 'negative'], // darknet-tiny's last pool
  [[2, 6, 5, 3], 3, 1, 'same', 'ties'],
  [[1, 8, 8, 2], 2, 2, 'valid', 'ties'],
  [[2, 7, 6, 2], 3, 2, 'same', 'zeros'], // relu-like plateaus next to padding
  [[1, 10, 9, 2], [3, 2], [2, 3], 'same', 'negative'], // non-square filter and strides
  [[1, 5, 6, 2], 4, 3, 'valid', 'ties'],
  [[1, 8, 8, 2], 3, 2, 1, 'negative', 'ceil'], // explicit pad + rounding: windows past the edge
  [[1, 6, 6, 2], 2, 2, 'valid', 'inf'], // a window of -Infinity gets no gradient (as on cpu)
  [[2, 9, 8, 3], [3, 2], [3, 2], 'same', 'negative'], // non-overlapping, non-square
  [[1, 5, 4, 3], 1, 2, 'valid', 'uniform'], // filter smaller than stride: empty phases
];

/** Input values for a pooling case: ties come from a coarse grid, plateaus from clamping at zero. */
function poolInput([shape, , , , kind]: PoolCase): HostTensor {
  const h = randHost(shape);
  const f: Record<Values, (v: number, i: number) => number> = {
    uniform: (v) => v,
    negative: (v) => v - 1.5,
    ties: (v) => Math.round(v * 2) / 2,
    zeros: (v) => Math.min(v, 0) * (v < -0.5 ? 1 : 0),
    // [1,6,6,2]: rows 0-1 and 4-5 are -Infinity; +Infinity ties elsewhere.
    inf: (v, i) => (i % 48 < 24 ? -Infinity : i % 5 === 0 ? Infinity : v - 3),
  };
  return { shape, values: Float32Array.from(h.values, f[kind]) };
}

type ConvCase = [
  x: Shape4,
  filter: Shape4,
  strides: number | [number, number],
  pad: Pad | tf.backend_util.ExplicitPadding,
  format?: 'NHWC' | 'NCHW',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
];

const CONV_CASES: ConvCase[] = [
  [[2, 7, 6, 3], [3, 3, 3, 4], 1, 'same'],
  [[2, 8, 8, 3], [3, 3, 3, 5], 2, 'same'], // even size, strided
  [[2, 9, 7, 3], [3, 3, 3, 5], 2, 'same'], // odd, non-square
  [[2, 9, 8, 3], [3, 3, 3, 4], 2, 'valid'],
  [[3, 11, 10, 2], [5, 4, 2, 3], [3, 2], 'valid'], // unequal strides, remainder rows
  [[1, 10, 6, 5], [1, 1, 5, 2], 2, 'same'], // 1x1 strided: rows no tap reads
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
  [[2, 8, 6, 4], [2, 2, 4, 3], 2, 'valid'],
  [[1, 14, 14, 16], [3, 3, 16, 32], 1, 'same'], // darknet-like
  [[1, 9, 9, 3], [3, 3, 3, 2], 2, 1, 'NHWC', 'ceil'], // rounding mode
  // Equal strides go by phases (phases.ts): a filter smaller than the stride, 3 taps per phase, padding past the filter.
  [[1, 11, 13, 2], [2, 2, 2, 3], 3, 'same'],
  [[2, 12, 11, 4], [5, 5, 4, 2], 2, 'same'],
  [
    [2, 9, 9, 3],
    [3, 3, 3, 2],
    2,
    [
      [0, 0],
      [4, 1],
      [0, 3],
      [0, 0],
    ],
  ],
  [[1, 16, 16, 3], [3, 3, 3, 8], 2, 'same'], // a MobileNet stem
  [[2, 7, 5, 24], [1, 1, 24, 40], 1, 'same'], // pointwise: a matrix product
  [
    [1, 6, 6, 4],
    [1, 1, 4, 3],
    1,
    [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  ], // pointwise with padding: the conv route
  [[2, 3, 8, 7], [2, 3, 3, 3], 2, 'same', 'NCHW'], // stock fallback
];

describe('replaced stock wasm kernels', () => {
  let replaced: string[] = [];
  beforeAll(async () => {
    const s = await initBackend({ prefer: 'wasm' });
    expect(s.backend).toBe('wasm');
    replaced = s.replacedKernels;
  });
  afterAll(() => console.log('replacement max scaled diff vs cpu:', Object.fromEntries(worst)));

  it('replaces each stock kernel once, keeping the original for fallbacks', () => {
    expect(replaced).toEqual(['MaxPoolGrad', 'Conv2DBackpropInput', 'BatchMatMul', 'Identity']);
    expect(replaceStockWasmKernels()).toEqual([]);
    for (const { config, why } of REPLACEMENTS) {
      expect(why.length).toBeGreaterThan(20);
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
      expect(stockKernel(config.kernelName)?.kernelFunc).not.toBe(config.kernelFunc);
    }
  });

  it.each(POOL_CASES)('MaxPoolGrad x %j filter %j strides %j pad %j %s %s', async (...c) => {
    const [shape, filterSize, strides, pad, , dimRoundingMode] = c;
    const input = poolInput(c);
    const output = await onBackend('cpu', () =>
      tf.tidy(() => {
        const y = tf.maxPool(tf.tensor4d(input.values, shape), filterSize, strides, pad, dimRoundingMode);
        return { shape: y.shape, values: y.dataSync() as Float32Array };
      }),
    );
    const dy = randHost(output.shape);
    const r = await compareWithCpu('MaxPoolGrad', { dy, input, output }, { filterSize, strides, pad, dimRoundingMode });
    record('MaxPoolGrad', r.diff);
    expect(r.wasm.shape).toEqual(shape);
    expect(r.wasm.leaked).toBe(0);
    expect(r.diff).toBeLessThan(1e-5);
  });

  it.each(CONV_CASES)('Conv2DBackpropInput x %j filter %j strides %j pad %j %s %s', async (...c) => {
    const [inputShape, filterShape, strides, pad, dataFormat = 'NHWC', dimRoundingMode] = c;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast',
    );
    const attrs = { strides, pad, dataFormat, dimRoundingMode, inputShape };
    const r = await compareWithCpu('Conv2DBackpropInput', { dy: randHost(info.outShape), filter: randHost(filterShape) }, attrs);
    record('Conv2DBackpropInput', r.diff);
    expect(r.wasm.shape).toEqual(inputShape);
    expect(r.wasm.leaked).toBe(0);
    expect(r.diff).toBeLessThan(1e-5);
  });

  it('documents the stock MaxPoolGrad bug: all-negative windows lose their gradient', async () => {
    const input = poolInput(POOL_CASES[0]);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const dy = { shape: [1, 3, 3, 2], values: new Float32Array(18).fill(1) };
    const output = await onBackend('cpu', () =>
      tf.tidy(() => {
        const y = tf.maxPool(tf.tensor4d(input.values, input.shape as Shape4), 2, 2, 'valid');
        return { shape: y.shape, values: y.dataSync() as Float32Array };
      }),
    );
    const cpu = await onBackend('cpu', () =>
      tf
        .tidy(
          () =>
            tf.engine().runKernel(
              'MaxPoolGrad',
              {
                dy: tf.tensor(dy.values, dy.shape),
                input: tf.tensor(input.values, input.shape),
                output: tf.tensor(output.values, output.shape),
              },
              attrs,
            ) as tf.Tensor,
        )
        .dataSync(),
    );
    const stock = tf.tidy(() => {
      const ts = { dy: tf.tensor(dy.values, dy.shape), input: tf.tensor(input.values, input.shape), output: tf.tensor(output.values, output.shape) };
      const out = stockKernel('MaxPoolGrad')?.kernelFunc({ inputs: ts, backend: tf.backend(), attrs }) as tf.TensorInfo;
      const t = tf.engine().makeTensorFromTensorInfo(out);
      return t.dataSync();
    });
    expect(Array.from(cpu).reduce((a, b) => a + b, 0)).toBe(18); // every window routes its gradient once
    expect(maxDiff(stock, cpu)).toBeGreaterThan(0.5);
  });

  it('the stock Conv2DBackpropInput agrees with ours (it was only slow)', () => {
    const [dy, filter] = [randHost([2, 4, 4, 5]), randHost([3, 3, 3, 5])];
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 3] };
    const [ours, stock] = tf.tidy(() => {
      const inputs = { dy: tf.tensor(dy.values, dy.shape), filter: tf.tensor(filter.values, filter.shape) };
      const s = stockKernel('Conv2DBackpropInput')?.kernelFunc({ inputs, backend: tf.backend(), attrs }) as tf.TensorInfo;
      return [(tf.engine().runKernel('Conv2DBackpropInput', inputs, attrs) as tf.Tensor).dataSync(), tf.engine().makeTensorFromTensorInfo(s).dataSync()];
    });
    expect(maxDiff(ours, stock)).toBeLessThan(1e-5);
  });
});

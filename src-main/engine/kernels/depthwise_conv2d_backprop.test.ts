import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { compareWithCpu, type HostTensor, maxDiff, onBackend, randHost, record, runOnce, worst } from './test-helpers';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
type Case = [x: Shape4, filter: Shape4, strides: number | [number, number], pad: Pad, dilations: number | [number, number]];

const CASES: Case[] = [
  [[2, 7, 6, 3], [3, 3, 3, 1], 1, 'same', 1],
  [[2, 7, 6, 3], [3, 3, 3, 2], 1, 'same', 1],
  [[2, 9, 8, 3], [3, 3, 3, 1], 2, 'valid', 1],
  [[2, 8, 7, 2], [2, 3, 2, 3], 2, 'same', 1],
  [[3, 11, 10, 2], [5, 4, 2, 2], [3, 2], 'valid', 1],
  [[1, 10, 7, 4], [3, 3, 4, 2], [1, 2], 'same', 1],
  [
    [2, 6, 6, 3],
    [3, 3, 3, 2],
    1,
    [
      [0, 0],
      [4, 1],
      [0, 3],
      [0, 0],
    ],
    1,
  ],
  [[2, 9, 8, 3], [3, 3, 3, 1], 1, 'same', 2],
  [[2, 10, 9, 2], [3, 2, 2, 3], 1, 'valid', 2],
  [[2, 11, 10, 3], [3, 3, 3, 2], 2, 'same', 2], // strided and dilated: im2col fallback
  [[1, 12, 9, 2], [2, 3, 2, 1], [1, 2], 'valid', [2, 1]],
  [[4, 28, 28, 8], [3, 3, 8, 1], 1, 'same', 1],
  // Equal strides go by phases (phases.ts): multiplier > 1, a filter smaller than the stride, explicit padding.
  [[2, 12, 11, 3], [3, 3, 3, 2], 2, 'same', 1],
  [[1, 10, 11, 2], [2, 2, 2, 3], 3, 'valid', 1],
  [
    [2, 9, 9, 2],
    [3, 3, 2, 1],
    2,
    [
      [0, 0],
      [4, 1],
      [0, 3],
      [0, 0],
    ],
    1,
  ],
  [[1, 16, 16, 8], [3, 3, 8, 1], 2, 'same', 1], // a MobileNet stride-2 block
];

const info = ([x, f, s, pad, d]: Case) => tf.backend_util.computeConv2DInfo(x, f, s, d, pad, undefined, true);

/**
 * Direct loops over the forward definition y[b,o,p,c*M+m] = sum x[b, o*sh+i*dh-top, p*sw+j*dw-left, c] w[i,j,c,m],
 * giving both gradients exactly; the reference for dilations, which the cpu kernels ignore.
 */
function reference(c: Case, x: HostTensor, w: HostTensor, dy: HostTensor): { dx: Float32Array; dw: Float32Array } {
  const v = info(c);
  const [n, h, wd, ch] = c[0];
  const [fh, fw, , m] = c[1];
  const dx = new Float32Array(x.values.length);
  const dw = new Float32Array(w.values.length);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < v.outHeight; o++)
      for (let p = 0; p < v.outWidth; p++)
        for (let i = 0; i < fh; i++)
          for (let j = 0; j < fw; j++) {
            const r = o * v.strideHeight + i * v.dilationHeight - v.padInfo.top;
            const q = p * v.strideWidth + j * v.dilationWidth - v.padInfo.left;
            if (r < 0 || r >= h || q < 0 || q >= wd) continue;
            for (let k = 0; k < ch; k++)
              for (let e = 0; e < m; e++) {
                const g = dy.values[((b * v.outHeight + o) * v.outWidth + p) * ch * m + k * m + e];
                const xi = ((b * h + r) * wd + q) * ch + k;
                const wi = ((i * fw + j) * ch + k) * m + e;
                dx[xi] += g * w.values[wi];
                dw[wi] += g * x.values[xi];
              }
          }
  return { dx, dw };
}

describe('depthwise conv backprop kernels on wasm', () => {
  beforeAll(async () => {
    expect((await initBackend({ prefer: 'wasm' })).backend).toBe('wasm');
  });
  afterAll(() => console.log('depthwise backprop max scaled diff:', Object.fromEntries(worst)));

  it.each(CASES)('x %j filter %j strides %j pad %j dilation %j', async (...c) => {
    const [xs, fs, strides, pad, dilations] = c;
    const x = randHost(xs);
    const w = randHost(fs);
    const dy = randHost(info(c).outShape);
    const ref = reference(c, x, w, dy);
    const common = { strides, pad, dilations, dimRoundingMode: undefined };
    const inAttrs = { ...common, inputShape: xs };
    const fAttrs = { ...common, filterShape: fs };
    const dx = await onBackend('wasm', () => runOnce('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, inAttrs));
    const dw = await onBackend('wasm', () => runOnce('DepthwiseConv2dNativeBackpropFilter', { x, dy }, fAttrs));
    expect(dx.shape).toEqual(xs);
    expect(dw.shape).toEqual(fs);
    expect(dx.leaked + dw.leaked).toBe(0);
    record('input vs loops', maxDiff(dx.values, ref.dx));
    record('filter vs loops', maxDiff(dw.values, ref.dw));
    expect(maxDiff(dx.values, ref.dx)).toBeLessThan(1e-4);
    expect(maxDiff(dw.values, ref.dw)).toBeLessThan(1e-4);
    // Pins the loop reference to wasm's forward op: <conv(x, w), dy> = <x, dx> = <w, dW>
    // (the forward op refuses strides and dilations both > 1).
    const both = [strides].flat().some((v) => v > 1) && [dilations].flat().some((v) => v > 1);
    if (both) return;
    const [yDotDy, xDotDx, wDotDw] = await onBackend('wasm', () =>
      tf.tidy(() => {
        const y = tf.depthwiseConv2d(tf.tensor4d(x.values, xs), tf.tensor4d(w.values, fs), strides, pad, 'NHWC', dilations);
        const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((t, ai, i) => t + ai * b[i], 0);
        return [dot(y.dataSync(), dy.values), dot(x.values, ref.dx), dot(w.values, ref.dw)];
      }),
    );
    expect(Math.abs(yDotDy - xDotDx)).toBeLessThan(1e-3 * Math.max(1, Math.abs(yDotDy)));
    expect(Math.abs(yDotDy - wDotDw)).toBeLessThan(1e-3 * Math.max(1, Math.abs(yDotDy)));
    if (dilations === 1) {
      // The stock cpu kernels are only correct without dilation.
      const ci = await compareWithCpu('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, inAttrs);
      const cf = await compareWithCpu('DepthwiseConv2dNativeBackpropFilter', { x, dy }, fAttrs);
      record('input vs cpu', ci.diff);
      record('filter vs cpu', cf.diff);
      expect(ci.diff).toBeLessThan(1e-4);
      expect(cf.diff).toBeLessThan(1e-4);
    }
  });
});

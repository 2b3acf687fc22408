// Layout: ONNX is NCHW, tfjs convolutions NHWC. A Flatten, Reshape or Concat
// after a convolution must read NCHW order; each case is computed by hand in
// NCHW and would fail on an import that flattened NHWC memory (checked: the
// NHWC-order answer differs from the right one in every case).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { onnxFromBytes } from './load';
import { buildModel, tensor, type NodeSpec } from './testing/build';

const H = 4;
const W = 5;
const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const X = seq(H * W, (i) => ((i * 7) % 11) / 10 - 0.4);
/** Two 2×2 filters on one input channel, and their biases. */
const K = [0.5, -1, 0.25, 2, -0.75, 1.5, 1, -0.5];
const B = [0.1, -0.2];
const OH = H - 1;
const OW = W - 1;

/** conv (valid, stride 1) in NCHW: [2][OH][OW], by hand. */
function convByHand(): number[][][] {
  return [0, 1].map((o) =>
    seq(OH, (y) =>
      seq(
        OW,
        (x) => B[o] + K[o * 4] * X[y * W + x] + K[o * 4 + 1] * X[y * W + x + 1] + K[o * 4 + 2] * X[(y + 1) * W + x] + K[o * 4 + 3] * X[(y + 1) * W + x + 1],
      ),
    ),
  );
}
const nchwFlat = (a: number[][][]): number[] => a.flatMap((ch) => ch.flat());
const nhwcFlat = (a: number[][][]): number[] =>
  seq(a[0].length * a[0][0].length, (p) => a.map((ch) => ch[Math.floor(p / a[0][0].length)][p % a[0][0].length])).flat();
const dense = (v: number[], Wt: number[], outs: number): number[] => seq(outs, (j) => v.reduce((s, x, i) => s + x * Wt[j * v.length + i], 0));

const CONV: NodeSpec = { op: 'Conv', inputs: ['x', 'k', 'b'], outputs: ['c'], ints: { kernel_shape: [2, 2] } };
const convInits = () => [tensor('k', [2, 1, 2, 2], K), tensor('b', [2], B)];

async function logitsOf(bytes: Uint8Array): Promise<number[]> {
  const c = onnxFromBytes(bytes, 'test.onnx');
  const x = tf.tensor4d(X, [1, H, W, 1]);
  const y = Array.from(tf.tidy(() => c.logits(x).dataSync()));
  x.dispose();
  c.dispose();
  return y;
}

describe('ONNX layout', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  const flatLen = 2 * OH * OW;
  const G = seq(3 * flatLen, (i) => Math.sin(i * 1.3));

  it('Conv → Flatten → Gemm reads channels first', async () => {
    const bytes = buildModel({
      input: [1, 1, H, W],
      output: ['y', [1, 3]],
      nodes: [CONV, { op: 'Flatten', inputs: ['c'], outputs: ['f'] }, { op: 'Gemm', inputs: ['f', 'g'], outputs: ['y'], int: { transB: 1 } }],
      initializers: [...convInits(), tensor('g', [3, flatLen], G)],
    });
    const right = dense(nchwFlat(convByHand()), G, 3);
    const wrong = dense(nhwcFlat(convByHand()), G, 3);
    expect(Math.max(...right.map((v, i) => Math.abs(v - wrong[i])))).toBeGreaterThan(0.1);
    const y = await logitsOf(bytes);
    y.forEach((v, i) => expect(v).toBeCloseTo(right[i], 5));
  });

  it('Conv → Reshape [1,-1] → MatMul reads channels first', async () => {
    const Gt = seq(flatLen * 3, (i) => Math.cos(i * 0.7));
    const bytes = buildModel({
      input: [1, 1, H, W],
      output: ['y', [1, 3]],
      nodes: [CONV, { op: 'Reshape', inputs: ['c', 's'], outputs: ['f'] }, { op: 'MatMul', inputs: ['f', 'g'], outputs: ['y'] }],
      initializers: [...convInits(), tensor('s', [2], [1, -1], 7), tensor('g', [flatLen, 3], Gt)],
    });
    // MatMul with [flatLen, 3]: y_j = Σ_i f_i·G[i][j]; as dense() with the transpose.
    const GtT = seq(3 * flatLen, (k) => Gt[(k % flatLen) * 3 + Math.floor(k / flatLen)]);
    const right = dense(nchwFlat(convByHand()), GtT, 3);
    const wrong = dense(nhwcFlat(convByHand()), GtT, 3);
    expect(Math.max(...right.map((v, i) => Math.abs(v - wrong[i])))).toBeGreaterThan(0.1);
    (await logitsOf(bytes)).forEach((v, i) => expect(v).toBeCloseTo(right[i], 5));
  });

  it('Concat on channels, then Flatten: the channel blocks stay in order', async () => {
    const G2 = seq(3 * 2 * flatLen, (i) => Math.sin(i * 0.37 + 1));
    const bytes = buildModel({
      input: [1, 1, H, W],
      output: ['y', [1, 3]],
      nodes: [
        CONV,
        { op: 'Relu', inputs: ['c'], outputs: ['r'] },
        { op: 'Concat', inputs: ['c', 'r'], outputs: ['cat'], int: { axis: 1 } },
        { op: 'Flatten', inputs: ['cat'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'g'], outputs: ['y'], int: { transB: 1 } },
      ],
      initializers: [...convInits(), tensor('g', [3, 2 * flatLen], G2)],
    });
    const c = convByHand();
    const r = c.map((ch) => ch.map((row) => row.map((v) => Math.max(0, v))));
    const cat = [...c, ...r];
    const right = dense(nchwFlat(cat), G2, 3);
    const wrong = dense(nhwcFlat(cat), G2, 3);
    expect(Math.max(...right.map((v, i) => Math.abs(v - wrong[i])))).toBeGreaterThan(0.1);
    (await logitsOf(bytes)).forEach((v, i) => expect(v).toBeCloseTo(right[i], 5));
  });

  it('a channel bias [C,1,1] added to a conv output meets the channel axis', async () => {
    const bias = [3, -3];
    const bytes = buildModel({
      input: [1, 1, H, W],
      output: ['m', [1, 2]],
      nodes: [
        CONV,
        { op: 'Add', inputs: ['c', 'cb'], outputs: ['a'] },
        { op: 'ReduceMean', inputs: ['a'], outputs: ['m'], ints: { axes: [2, 3] }, int: { keepdims: 0 } },
      ],
      initializers: [...convInits(), tensor('cb', [2, 1, 1], bias)],
      opset: 13,
    });
    const c = convByHand();
    const right = c.map((ch, o) => ch.flat().reduce((s, v) => s + v, 0) / (OH * OW) + bias[o]);
    (await logitsOf(bytes)).forEach((v, i) => expect(v).toBeCloseTo(right[i], 5));
  });
});

// The differentiator against central finite differences on small graphs built
// by hand, which together hold every backward rule: Conv (stride 2 + pads with
// an even input, so output_padding is needed; depthwise; dilated), BN, ReLU,
// overlapping MaxPool 3×3/2, Add, Concat, ceil-mode AveragePool without pad
// counting, Clip, GAP, Flatten, Gemm (transB and plain, alpha), Mul by a
// constant and of two live values (SiLU, squeeze-excitation), Sigmoid, Pad,
// Sub, Div, MatMul, and a Softmax head read through. Then the refusals.
import { describe, expect, it } from 'vitest';
import { f, OnnxBuilder } from '../export-onnx/builder';
import { relDiff } from '../../numerics/rel-diff';
import { buildGradModel } from './build';
import { ortGradient } from './session';

/** Deterministic values in [-a, a) (a small LCG: tests must not depend on Math.random). */
function values(n: number, a: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 * a - a;
  });
}

let salt = 1;
const w = (b: OnnxBuilder, dims: number[], a = 0.5) =>
  b.floats(
    'w',
    dims,
    values(
      dims.reduce((p, q) => p * q, 1),
      a,
      salt++,
    ),
  );

/** A ResNet/DenseNet-shaped graph: x [1,3,16,16] → 5 logits. */
function cnn(): Uint8Array {
  const b = new OnnxBuilder();
  const c1 = b.op('Conv', ['x', w(b, [4, 3, 3, 3]), w(b, [4])], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  const bn = b.op('BatchNormalization', [c1, w(b, [4], 1.5), w(b, [4]), w(b, [4]), b.floats('var', [4], Float32Array.of(0.5, 1, 2, 0.25))], {
    epsilon: f(1e-3),
  });
  const p = b.op('MaxPool', [b.op('Relu', [bn])], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  const res = b.op('Relu', [b.op('Add', [b.op('Conv', [p, w(b, [4, 4, 3, 3])], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), p])]);
  const cat = b.op('Concat', [res, b.op('Conv', [p, w(b, [2, 4, 1, 1])], { kernel_shape: [1, 1] })], { axis: 1 });
  const ap = b.op('AveragePool', [cat], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1, count_include_pad: 0 });
  const clip = b.op('Clip', [ap, b.scalar('lo', -0.05), b.scalar('hi', 0.3)]);
  const flat = b.op('Flatten', [b.op('GlobalAveragePool', [clip])], { axis: 1 });
  const fc = b.op('Gemm', [flat, w(b, [5, 6], 2), w(b, [5])], { transB: 1 });
  return b.encode({ name: 'x', dims: [3, 16, 16] }, b.op('Mul', [fc, w(b, [5], 3)]));
}

/** A MobileNet/EfficientNet-shaped graph: x [1,4,9,9] → Softmax over 3 (read before the Softmax). */
function mobile(): Uint8Array {
  const b = new OnnxBuilder();
  const dw = b.op('Conv', ['x', w(b, [4, 1, 3, 3])], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], group: 4 });
  const silu = b.op('Mul', [dw, b.op('Sigmoid', [dw])]);
  const se = b.op('Sigmoid', [b.op('Conv', [b.op('GlobalAveragePool', [silu]), w(b, [4, 4, 1, 1])], { kernel_shape: [1, 1] })]);
  const excited = b.op('Mul', [silu, se]);
  const padded = b.op('Pad', [excited, b.ints('pads', [0, 0, 1, 0, 0, 0, 0, 2])]);
  const dil = b.op('Conv', [padded, w(b, [6, 4, 3, 3])], { kernel_shape: [3, 3], dilations: [2, 2], pads: [2, 2, 2, 2] });
  const shifted = b.op('Div', [b.op('Sub', [dil, w(b, [6, 1, 1])]), b.floats('d', [1], Float32Array.of(1.7))]);
  const ap = b.op('AveragePool', [b.op('Relu', [shifted])], { kernel_shape: [2, 2], strides: [2, 2] });
  const flat = b.op('Flatten', [ap], { axis: 1 });
  const mm = b.op('MatMul', [flat, w(b, [6 * 3 * 3, 7])]);
  const fc = b.op('Gemm', [b.op('Relu', [mm]), w(b, [7, 3]), w(b, [3])], { alpha: f(0.7) });
  return b.encode({ name: 'x', dims: [4, 9, 9] }, b.op('Softmax', [fc], { axis: 1 }));
}

/** Our gradient of seed·logits against central differences of the same graph's logits. */
async function check(bytes: Uint8Array, label: string): Promise<{ rel: number; ops: Record<string, number> }> {
  const gm = buildGradModel(bytes, label);
  const s = await ortGradient(gm, 1);
  try {
    const n = gm.inputDims.reduce((a, q) => a * q, 1);
    const x = values(n, 1, 99);
    const seed = values(gm.classes, 1, 7);
    const { grad } = await s.run(x, seed);
    const zero = new Float32Array(gm.classes);
    const loss = async (v: Float32Array) => (await s.run(v, zero)).logits.reduce((a, l, i) => a + l * seed[i], 0);
    const central = async (i: number, eps: number) => {
      const up = Float32Array.from(x);
      const down = Float32Array.from(x);
      up[i] += eps;
      down[i] -= eps;
      return ((await loss(up)) - (await loss(down))) / (2 * eps);
    };
    // Two steps per element: at 1e-2 a step may cross a ReLU/max/clip kink, at 1e-3 float32
    // rounding of the loss weighs ~1e-4; a wrong rule is off at both, so the closer one counts.
    const fd = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const [a, c] = [await central(i, 1e-2), await central(i, 1e-3)];
      fd[i] = Math.abs(a - grad[i]) < Math.abs(c - grad[i]) ? a : c;
    }
    return { rel: relDiff(grad, fd), ops: gm.ops };
  } finally {
    await s.release();
  }
}

describe('ONNX gradient graphs on onnxruntime', () => {
  it('a ResNet/DenseNet-shaped graph: every rule on its path agrees with finite differences to 1e-3', async () => {
    const { rel, ops } = await check(cnn(), 'cnn');
    expect(ops).toEqual({
      Mul: 1,
      Gemm: 1,
      Flatten: 1,
      GlobalAveragePool: 1,
      Clip: 1,
      AveragePool: 1,
      Concat: 1,
      Conv: 3,
      Relu: 2,
      Add: 1,
      MaxPool: 1,
      BatchNormalization: 1,
    });
    expect(rel).toBeLessThan(1e-3);
  }, 30_000);

  it('a MobileNet/EfficientNet-shaped graph, read before its Softmax: agrees with finite differences to 1e-3', async () => {
    const { rel, ops } = await check(mobile(), 'mobile');
    expect(Object.keys(ops).sort()).toEqual([
      'AveragePool',
      'Conv',
      'Div',
      'Flatten',
      'Gemm',
      'GlobalAveragePool',
      'MatMul',
      'Mul',
      'Pad',
      'Relu',
      'Sigmoid',
      'Sub',
    ]);
    expect(rel).toBeLessThan(1e-3);
  }, 30_000);

  it('refuses a graph with an op it has no rule for, naming the op and the node', () => {
    const b = new OnnxBuilder();
    const y = b.op('LeakyRelu', [b.op('Conv', ['x', w(b, [2, 1, 1, 1])], { kernel_shape: [1, 1] })], {}, 'leaky');
    const bytes = b.encode({ name: 'x', dims: [1, 4, 4] }, b.op('Flatten', [y]));
    expect(() => buildGradModel(bytes, 'leaky.onnx')).toThrow(/leaky\.onnx: op LeakyRelu \(node .leaky.\) has no backward rule/);
  });

  it('does not refuse an op off the image→logits path (a constant branch)', async () => {
    const b = new OnnxBuilder();
    const bias = b.op('Tanh', [w(b, [1, 3])]);
    const fc = b.op('Gemm', [b.op('Flatten', ['x']), w(b, [4, 3])]);
    const bytes = b.encode({ name: 'x', dims: [4] }, b.op('Add', [fc, bias]));
    const { rel, ops } = await check(bytes, 'branch');
    expect(ops).toEqual({ Add: 1, Gemm: 1, Flatten: 1 });
    expect(rel).toBeLessThan(1e-3);
  });
});

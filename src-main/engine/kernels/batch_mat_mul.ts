// BatchMatMul on wasm with a transposed operand. The stock kernel is fast only
// for a·b: a·bᵀ with a 16×1000 dy and a 512×1000 dense kernel (the input
// gradient of a dense layer) takes 6 ms, xᵀ·dy (its weight gradient) 9 ms,
// against 0.5 ms for the plain product. Here the transposes are materialised
// and the product taken plainly, in whichever of two forms moves fewer
// elements: a'·b', or (b'ᵀ·a'ᵀ)ᵀ when that avoids transposing the large
// operand (a·bᵀ = (b·aᵀ)ᵀ: only dy and the result move, not the kernel).
// Batched operands (a batch dimension above 1) keep the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { composedKernel, withStockFallback } from './util';

interface Attrs {
  transposeA: boolean;
  transposeB: boolean;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const batchOf = (shape: readonly number[]): number => size(shape.slice(0, -2));

function handles(inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): boolean {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as unknown as Attrs;
  if (!a || !b || (!transposeA && !transposeB)) return false;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return false;
  return batchOf(a.shape) === 1 && batchOf(b.shape) === 1;
}

const as2d = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, t.shape.slice(-2) as [number, number]);

const composed = composedKernel<Attrs>(tf.BatchMatMul, (inputs, { transposeA, transposeB }) => {
  const [a, b] = [as2d(inputs.a), as2d(inputs.b)];
  // Elements transposed by each form: a'·b' moves the flagged operands; (b'ᵀ·a'ᵀ)ᵀ the unflagged ones and the result.
  const m = transposeA ? a.shape[1] : a.shape[0];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const direct = (transposeA ? a.size : 0) + (transposeB ? b.size : 0);
  const swapped = (transposeA ? 0 : a.size) + (transposeB ? 0 : b.size) + m * n;
  const y =
    direct <= swapped
      ? tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b)
      : tf.transpose(tf.matMul(transposeB ? b : tf.transpose(b), transposeA ? a : tf.transpose(a)));
  const rank = Math.max(inputs.a.rank, inputs.b.rank);
  return tf.reshape(y, [...Array<number>(rank - 2).fill(1), m, n]);
});

export const batchMatMulConfig = withStockFallback(composed, handles);

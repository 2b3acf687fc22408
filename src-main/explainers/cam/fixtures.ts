// Test fixtures for the CAM family: a small functional model with a residual
// block (a skip from BEFORE the split layer) and a Concatenate, and a context.
import * as tf from '@tensorflow/tfjs';
import { CancelToken } from '../../core/jobs';
import type { Classifier } from '../../model/classifier';
import type { ExplainContext } from '../types';

const init = (seed: number) => tf.initializers.glorotNormal({ seed });

/**
 * x → c0 → a(=split layer) → c2 → add(·, c0 out) → relu → concat(·, a) → gap → dense(softmax).
 * `hand` applies the same layer objects by hand: features x → [A, x0], head (A, x0) → logits
 * (valid once layersClassifier has swapped the fused softmax for identity).
 */
/** A 3×3, 4-filter same-padded ReLU conv with seeded weights and unit biases (the CAM fixtures' building block). */
export function reluConv(name: string, seed: number): tf.layers.Layer {
  return tf.layers.conv2d({ name, filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed), biasInitializer: 'ones' });
}

export function residualModel(): {
  model: tf.LayersModel;
  hand: { features(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D]; head(a: tf.Tensor4D, x0: tf.Tensor4D): tf.Tensor2D };
} {
  const c0 = reluConv('c0', 1);
  const a = reluConv('a', 2);
  const c2 = tf.layers.conv2d({ name: 'c2', filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(3) });
  const add = tf.layers.add({ name: 'add' });
  const relu = tf.layers.activation({ name: 'relu', activation: 'relu' });
  const cat = tf.layers.concatenate({ name: 'cat' });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' });
  const dense = tf.layers.dense({ name: 'probs', units: 5, activation: 'softmax', kernelInitializer: init(4) });
  const inp = tf.input({ shape: [8, 8, 3] });
  const x0 = c0.apply(inp) as tf.SymbolicTensor;
  const A = a.apply(x0) as tf.SymbolicTensor;
  const y = relu.apply(add.apply([c2.apply(A) as tf.SymbolicTensor, x0])) as tf.SymbolicTensor;
  const out = dense.apply(gap.apply(cat.apply([y, A]))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: inp, outputs: out });
  const T = (l: tf.layers.Layer, x: tf.Tensor | tf.Tensor[]): tf.Tensor => l.apply(x) as tf.Tensor;
  return {
    model,
    hand: {
      features: (x) => {
        const h0 = T(c0, x) as tf.Tensor4D;
        return [T(a, h0) as tf.Tensor4D, h0];
      },
      head: (av, h0) => T(dense, T(gap, T(cat, [T(relu, T(add, [T(c2, av), h0])), av]))) as tf.Tensor2D,
    },
  };
}

export function camCtx(model: Classifier, input: tf.Tensor4D, target: number, layer: string | null, params: ExplainContext['params'] = {}): ExplainContext {
  return { model, input, target, layer, params, signal: new CancelToken(), progress: () => {} };
}

/**
 * A = activations at the residual model's layer `a` and g = ∂S_target/∂A, computed with tfjs straight from
 * the hand-applied layers (not through the template), as plain arrays: value of channel k at (i, j) is
 * A[(i·w + j)·K + k]. Call layersClassifier(model) first, so S is the pre-softmax logit.
 */
export function residualActivationsAndGrads(
  hand: ReturnType<typeof residualModel>['hand'],
  x: tf.Tensor4D,
  target: number,
): { A: Float32Array; g: Float32Array; h: number; w: number; K: number } {
  return tf.tidy(() => {
    const [A, x0] = hand.features(x);
    const g = tf.grad((a: tf.Tensor) =>
      hand
        .head(a as tf.Tensor4D, x0)
        .slice([0, target], [1, 1])
        .sum(),
    )(A);
    const [, h, w, K] = A.shape;
    return { A: A.dataSync() as Float32Array, g: g.dataSync() as Float32Array, h, w, K };
  });
}

/** ReLU(Σ_k w_k A_k) in plain loops, [h·w]. */
export function weightedMapByHand(A: Float32Array, wk: number[], h: number, w: number, K: number): Float64Array {
  const out = new Float64Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += wk[k] * A[p * K + k];
    out[p] = Math.max(0, s);
  }
  return out;
}

/** max |a − b| / max |b| (1 when b is all zero). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [m, s] = [0, 0];
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / (s || 1);
}

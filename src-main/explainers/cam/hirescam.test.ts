// HiResCAM against a hand computation on a head where it is not Grad-CAM
// (Flatten → Dense: the gradient varies over space), and equal to Grad-CAM on
// a GAP + dense head, as Draelos & Carin show.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { layersClassifier } from '../../model/layers-classifier';
import { camCtx, maxRelDiff, reluConv, weightedMapByHand } from './fixtures';
import { gradcam } from './gradcam';
import { hirescam } from './hirescam';
import { describeEachBackend } from '../../testing/each-backend';

const init = (seed: number) => tf.initializers.glorotNormal({ seed });

/** x[8,8,3] → c0 → a (the CAM layer, 4 channels) → head → dense(5, softmax); `hand` applies the same layers. */
function camModel(headKind: 'flatten' | 'gap') {
  const c0 = reluConv('c0', 11);
  const a = reluConv('a', 12);
  const pool = headKind === 'flatten' ? tf.layers.flatten({ name: 'flat' }) : tf.layers.globalAveragePooling2d({ name: 'gap' });
  const dense = tf.layers.dense({ name: 'probs', units: 5, activation: 'softmax', kernelInitializer: init(13) });
  const inp = tf.input({ shape: [8, 8, 3] });
  const out = dense.apply(pool.apply(a.apply(c0.apply(inp)))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: inp, outputs: out });
  const T = (l: tf.layers.Layer, x: tf.Tensor): tf.Tensor => l.apply(x) as tf.Tensor;
  return {
    model,
    /** A at layer `a` and g = ∂S_c/∂A through the head (pre-softmax once layersClassifier swapped the softmax), as plain arrays. */
    activationsAndGrads(x: tf.Tensor4D, c: number) {
      return tf.tidy(() => {
        const A = T(a, T(c0, x)) as tf.Tensor4D;
        const g = tf.grad((t: tf.Tensor) => (T(dense, T(pool, t)) as tf.Tensor2D).slice([0, c], [1, 1]).sum())(A);
        const [, h, w, K] = A.shape;
        return { A: A.dataSync() as Float32Array, g: g.dataSync() as Float32Array, h, w, K };
      });
    },
  };
}

/** ReLU(Σ_k A_k ⊙ ∂S/∂A_k) in plain loops, [h·w]. */
function hiresByHand(A: Float32Array, g: Float32Array, h: number, w: number, K: number): Float64Array {
  const out = new Float64Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += A[p * K + k] * g[p * K + k];
    out[p] = Math.max(0, s);
  }
  return out;
}

/** Grad-CAM's weights: the spatial mean of the gradient per channel. */
function meanGrad(g: Float32Array, h: number, w: number, K: number): number[] {
  const wk = new Array<number>(K).fill(0);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < K; k++) wk[k] += g[p * K + k] / (h * w);
  return wk;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describeEachBackend(['wasm', 'cpu'], 'HiResCAM (Draelos & Carin)', () => {
  it('on a Flatten → Dense head equals ReLU(Σ_k A_k ⊙ ∂S/∂A_k) by hand and differs from Grad-CAM', async () => {
    const m = camModel('flatten');
    const c = layersClassifier(m.model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
    const correlations: number[] = [];
    const gaps: number[] = [];
    for (const target of [0, 1, 2, 3, 4]) {
      const before = tf.memory().numTensors;
      const hi = await hirescam.run(camCtx(c, x, target, 'a'));
      const gc = await gradcam.run(camCtx(c, x, target, 'a'));
      expect(tf.memory().numTensors).toBe(before);
      const { A, g, h, w, K } = m.activationsAndGrads(x, target);
      const want = hiresByHand(A, g, h, w, K);
      expect(hi.grid?.shape).toEqual([8, 8]);
      expect(hi.grid?.layer).toBe('a');
      expect(Math.max(...want)).toBeGreaterThan(1e-3); // not a vacuous all-zero comparison
      expect(maxRelDiff(hi.grid!.data, want)).toBeLessThan(1e-5);
      // Grad-CAM is checked against its own hand computation, so the difference is the methods', not a bug's.
      expect(maxRelDiff(gc.grid!.data, weightedMapByHand(A, meanGrad(g, h, w, K), h, w, K))).toBeLessThan(1e-5);
      correlations.push(pearson(hi.grid!.data, gc.grid!.data));
      gaps.push(maxRelDiff(gc.grid!.data, hi.grid!.data));
    }
    // Measured (wasm, seeds above): Pearson −0.03…0.12 where Grad-CAM's map is not constant (class 0's is all
    // zero: Pearson NaN), and max |Grad-CAM − HiResCAM| / max |HiResCAM| 0.93…1 for every class.
    const finite = correlations.filter((r) => Number.isFinite(r));
    expect(finite.length).toBeGreaterThanOrEqual(3);
    for (const r of finite) expect(r).toBeLessThan(0.5);
    for (const d of gaps) expect(d).toBeGreaterThan(0.5);
    x.dispose();
    m.model.dispose();
  });

  it('on a GAP → Dense head coincides with Grad-CAM (the gradient is constant over space)', async () => {
    const m = camModel('gap');
    const c = layersClassifier(m.model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 22) as tf.Tensor4D;
    let nonzero = 0;
    for (const target of [0, 1, 2, 3, 4]) {
      const hi = await hirescam.run(camCtx(c, x, target, 'a'));
      const gc = await gradcam.run(camCtx(c, x, target, 'a'));
      const { A, g, h, w, K } = m.activationsAndGrads(x, target);
      expect(maxRelDiff(hi.grid!.data, hiresByHand(A, g, h, w, K))).toBeLessThan(1e-5);
      if (Math.max(...hi.grid!.data) > 1e-3) nonzero++;
      expect(maxRelDiff(hi.grid!.data, gc.grid!.data)).toBeLessThan(1e-5);
      expect(maxRelDiff(hi.map, gc.map)).toBeLessThan(1e-5);
    }
    expect(nonzero).toBeGreaterThanOrEqual(2);
    x.dispose();
    m.model.dispose();
  });
});

// Eigen-CAM (Muhammad & Yeasin 2020): the projection of the activations on
// their first principal component, no gradients and no class. As in
// pytorch-grad-cam's get_2d_projection, A is reshaped to X [h·w, K] and
// centred per channel; the map is X·v₁ with v₁ the top right singular vector,
// found here by power iteration on XᵀX (tfjs has no SVD). The sign of v₁ is
// arbitrary: we fix it so that the map correlates positively with Σ_k A_k.
// pytorch-grad-cam keeps whatever sign the SVD returns (its issue 315), which
// inverts the map on 2 of 3 digits; we do not offer that.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

/** Top right singular vector of X [m, K] (row-major), unit length. */
export function topSingularVector(X: Float32Array, m: number, K: number, iters = 300): Float64Array {
  let v = new Float64Array(K).map((_, k) => 1 + 0.01 * Math.sin(k + 1)); // not orthogonal to v₁ in practice
  const Xv = new Float64Array(m);
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += X[i * K + k] * v[k];
      Xv[i] = s;
    }
    const next = new Float64Array(K);
    for (let i = 0; i < m; i++) for (let k = 0; k < K; k++) next[k] += X[i * K + k] * Xv[i];
    const norm = Math.hypot(...next) || 1;
    let diff = 0;
    for (let k = 0; k < K; k++) {
      next[k] /= norm;
      diff += Math.abs(next[k] - v[k]);
    }
    v = next;
    if (diff < 1e-10) break;
  }
  return v;
}

export const eigencam = camMethod(
  {
    id: 'eigencam',
    label: 'Eigen-CAM',
    paper: 'Muhammad & Yeasin 2020, Eigen-CAM: Class Activation Map using Principal Components (arXiv:2008.00299).',
    peers:
      "Differs from pytorch-grad-cam 1.5.5: the first principal component is oriented to correlate with ΣA; pytorch-grad-cam keeps the SVD's arbitrary sign (its issue 315), which inverted the map on 2 of 3 digits",
    params: [],
  },
  {
    gradients: false,
    map: async ({ A }) => {
      const [, h, w, K] = A.shape;
      const centred = tf.tidy(() => {
        const X = A.reshape([h * w, K]);
        return X.sub(X.mean(0, true));
      });
      const X = (await centred.data()) as Float32Array;
      const raw = (await A.data()) as Float32Array;
      centred.dispose();
      const v = topSingularVector(X, h * w, K);
      const proj = new Float32Array(h * w);
      let corr = 0;
      for (let i = 0; i < h * w; i++) {
        let s = 0;
        let total = 0;
        for (let k = 0; k < K; k++) {
          s += X[i * K + k] * v[k];
          total += raw[i * K + k];
        }
        proj[i] = s;
        corr += s * total; // Σ_i proj_i·(Σ_k A) — proj has zero mean, so this is the covariance
      }
      if (corr < 0) for (let i = 0; i < proj.length; i++) proj[i] = -proj[i];
      return tf.tensor2d(proj, [h, w]);
    },
  },
);

// A colour model for graph-cut segmentation: a Gaussian mixture with diagonal
// covariances, k-means++ initialisation (seeded) and a few EM iterations —
// GrabCut's colour model (Rother et al. 2004), lighter: diagonal, not full.
import { StudioError } from '../api/errors';
import { mulberry32 } from '../shared/random';

export interface Gmm {
  dims: number;
  weights: Float64Array;
  /** [k × dims] */
  means: Float64Array;
  /** [k × dims] variances, floored so a flat region cannot collapse a component. */
  vars: Float64Array;
}

const VAR_FLOOR = 1e-4;

/** `samples` is [n × dims]; returns a k-component mixture (k capped by n). */
export function fitGmm(samples: Float32Array, dims: number, k = 5, iters = 8, seed = 1): Gmm {
  const n = Math.floor(samples.length / dims);
  if (n === 0) throw new StudioError('internal', 'fitGmm: no samples');
  k = Math.max(1, Math.min(k, n));
  const rnd = mulberry32(seed);
  const means = new Float64Array(k * dims);
  // k-means++ seeding: spread the initial means over the data.
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rnd() * n);
  for (let j = 0; j < k; j++) {
    for (let d = 0; d < dims; d++) means[j * dims + d] = samples[pick * dims + d];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += (samples[i * dims + d] - means[j * dims + d]) ** 2;
      if (s < d2[i]) d2[i] = s;
      total += d2[i];
    }
    let r = rnd() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++)
      if ((r -= d2[i]) <= 0) {
        pick = i;
        break;
      }
  }
  const weights = new Float64Array(k).fill(1 / k);
  const vars = new Float64Array(k * dims).fill(0.01);
  const resp = new Float64Array(n * k);
  for (let it = 0; it < iters; it++) {
    // E step (log domain for stability).
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let j = 0; j < k; j++) {
        const l = logComponent(samples, i, dims, means, vars, j) + Math.log(weights[j] + 1e-300);
        resp[i * k + j] = l;
        if (l > mx) mx = l;
      }
      let s = 0;
      for (let j = 0; j < k; j++) s += resp[i * k + j] = Math.exp(resp[i * k + j] - mx);
      for (let j = 0; j < k; j++) resp[i * k + j] /= s;
    }
    // M step.
    for (let j = 0; j < k; j++) {
      let nj = 0;
      for (let i = 0; i < n; i++) nj += resp[i * k + j];
      weights[j] = nj / n;
      for (let d = 0; d < dims; d++) {
        let m = 0;
        for (let i = 0; i < n; i++) m += resp[i * k + j] * samples[i * dims + d];
        m = nj > 0 ? m / nj : means[j * dims + d];
        let v = 0;
        for (let i = 0; i < n; i++) v += resp[i * k + j] * (samples[i * dims + d] - m) ** 2;
        means[j * dims + d] = m;
        vars[j * dims + d] = Math.max(VAR_FLOOR, nj > 0 ? v / nj : VAR_FLOOR);
      }
    }
  }
  return { dims, weights, means, vars };
}

function logComponent(x: ArrayLike<number>, i: number, dims: number, means: Float64Array, vars: Float64Array, j: number): number {
  let l = 0;
  for (let d = 0; d < dims; d++) {
    const v = vars[j * dims + d];
    l -= 0.5 * ((x[i * dims + d] - means[j * dims + d]) ** 2 / v + Math.log(2 * Math.PI * v));
  }
  return l;
}

/** log p(x_i | model) for sample i of `x` ([n × dims]). */
export function gmmLogLikelihood(g: Gmm, x: ArrayLike<number>, i: number): number {
  const k = g.weights.length;
  let mx = -Infinity;
  const ls = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    ls[j] = logComponent(x, i, g.dims, g.means, g.vars, j) + Math.log(g.weights[j] + 1e-300);
    if (ls[j] > mx) mx = ls[j];
  }
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(ls[j] - mx);
  return mx + Math.log(s);
}

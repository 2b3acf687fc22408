// KernelSHAP (Lundberg & Lee 2017) over the same features as LIME: Shapley
// values as the weighted least-squares fit of the target score on coalitions z
// under the Shapley kernel, with the two constraints exact — φ₀ = f(all
// hidden) and Σφ = f(x) − f(all hidden) — by eliminating the last feature, as
// shap's KernelExplainer does. Coalitions are drawn as there: whole coalition
// sizes are enumerated (paired with their complements) from the smallest up
// while the budget allows, the rest sampled by size from the kernel with the
// seed, repeats adding weight. With 2^K − 2 ≤ samples every coalition is
// enumerated and the values are the exact Shapley values of the masking game.
// Documented choice: no L1 feature selection (shap's `l1_reg`).
import type { Method } from '../types';
import { batchParam, outputParam, seedParam, type Output } from './common';
import { solve } from '../../numerics/linalg';
import { featureFillParam, hiddenForFeatures, interpretableFeatures, scoreCoalitions, segmentationParams } from './segments';
import { mulberry32 } from '../../shared/random';

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** All k-subsets of 0..n−1 in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

export interface Coalitions {
  Z: Uint8Array; // count × K
  weights: number[];
  count: number;
}

/** shap's KernelExplainer coalition sampler (`nsamples` rows at most, none empty or full). */
export function shapCoalitions(K: number, nsamples: number, rand: () => number): Coalitions {
  const rows: Uint8Array[] = [];
  const weights: number[] = [];
  const index = new Map<string, number>();
  const add = (z: Uint8Array, w: number): void => {
    index.set(z.join(''), rows.length);
    rows.push(z);
    weights.push(w);
  };
  const sizes = Math.ceil((K - 1) / 2);
  const paired = Math.floor((K - 1) / 2);
  const wv = Array.from({ length: sizes }, (_, i) => ((K - 1) / ((i + 1) * (K - i - 1))) * (i < paired ? 2 : 1));
  const total = wv.reduce((a, b) => a + b, 0);
  for (let i = 0; i < sizes; i++) wv[i] /= total;
  let full = 0;
  let left = nsamples;
  let rem = wv.slice();
  for (let size = 1; size <= sizes; size++) {
    const isPaired = size <= paired;
    const nsub = binom(K, size) * (isPaired ? 2 : 1);
    if ((left * rem[size - 1]) / nsub < 1 - 1e-8) break;
    full++;
    left -= nsub;
    if (rem[size - 1] < 1) rem = rem.map((v) => v / (1 - rem[size - 1]));
    const w = wv[size - 1] / binom(K, size) / (isPaired ? 2 : 1);
    for (const c of combinations(K, size)) {
      const z = new Uint8Array(K);
      for (const j of c) z[j] = 1;
      add(z, w);
      if (isPaired)
        add(
          z.map((v) => 1 - v),
          w,
        );
    }
  }
  const fixed = rows.length;
  let samplesLeft = nsamples - fixed;
  if (full !== sizes && samplesLeft > 0) {
    const rw = wv.map((v, i) => (i < paired ? v / 2 : v)).slice(full);
    const rs = rw.reduce((a, b) => a + b, 0);
    const cdf: number[] = [];
    rw.reduce((acc, v, i) => (cdf[i] = acc + v / rs), 0);
    const perm = Array.from({ length: K }, (_, i) => i);
    for (let draw = 0; draw < 4 * (nsamples - fixed) && samplesLeft > 0; draw++) {
      const u = rand();
      let bucket = cdf.findIndex((c) => u < c);
      if (bucket < 0) bucket = cdf.length - 1;
      const size = bucket + full + 1;
      // A uniform random subset of `size` features: partial Fisher–Yates.
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(rand() * (K - i));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const z = new Uint8Array(K);
      for (let i = 0; i < size; i++) z[perm[i]] = 1;
      const comp = z.map((v) => 1 - v);
      const seen = index.get(z.join(''));
      if (seen === undefined) {
        add(z, 1);
        samplesLeft--;
        if (samplesLeft > 0 && size <= paired) {
          add(comp, 1);
          samplesLeft--;
        }
      } else {
        weights[seen]++;
        const ci = index.get(comp.join(''));
        if (size <= paired && ci !== undefined) weights[ci]++;
      }
    }
    const target = wv.slice(full).reduce((a, b) => a + b, 0);
    const got = weights.slice(fixed).reduce((a, b) => a + b, 0);
    for (let i = fixed; i < weights.length; i++) weights[i] *= target / got;
  }
  const Z = new Uint8Array(rows.length * K);
  rows.forEach((z, i) => Z.set(z, i * K));
  return { Z, weights, count: rows.length };
}

/** φ from scores y of the coalitions, f(x) and f(∅): constrained WLS, last feature eliminated. */
export function shapleyFromCoalitions(c: Coalitions, K: number, y: ArrayLike<number>, fx: number, f0: number): number[] {
  const total = fx - f0;
  if (K === 1) return [total];
  const m = K - 1;
  const A = new Float64Array(m * m);
  const b = new Float64Array(m);
  const e = new Float64Array(m);
  for (let i = 0; i < c.count; i++) {
    const zl = c.Z[i * K + m];
    const t = y[i] - f0 - zl * total;
    for (let j = 0; j < m; j++) e[j] = c.Z[i * K + j] - zl;
    const w = c.weights[i];
    for (let j = 0; j < m; j++) {
      if (e[j] === 0) continue;
      b[j] += w * e[j] * t;
      for (let l = 0; l < m; l++) A[j * m + l] += w * e[j] * e[l];
    }
  }
  const phi = Array.from(solve(A, b, m));
  phi.push(total - phi.reduce((a, v) => a + v, 0));
  return phi;
}

export const kernelShap: Method = {
  id: 'kernel-shap',
  label: 'KernelSHAP',
  family: 'perturbation',
  paper: 'Lundberg & Lee 2017, A Unified Approach to Interpreting Model Predictions (arXiv:1705.07874)',
  needsLayer: false,
  usesGradients: false,
  parallel: 'forward',
  acceptsRegions: true,
  params: [
    {
      name: 'samples',
      type: 'int',
      default: 0,
      min: 0,
      max: 100000,
      help: 'Coalitions evaluated; 0 = 2K + 2048 as shap’s "auto" (K features), at most 2^K − 2 (then exact).',
    },
    ...segmentationParams,
    featureFillParam,
    outputParam('logit'),
    batchParam,
    seedParam,
  ],
  async run(ctx) {
    ctx.signal.check();
    const { batch, output, seed } = ctx.params as { batch: number; output: Output; seed: number };
    const [, h, w] = ctx.input.shape;
    const feats = await interpretableFeatures(ctx);
    const K = feats.count;
    const budget = Math.min((ctx.params.samples as number) || 2 * K + 2048, K > 30 ? Infinity : 2 ** K - 2);
    const c = shapCoalitions(K, budget, mulberry32(seed));
    // Row 0: everything visible, row 1: everything hidden, then the coalitions.
    const Z = new Uint8Array((c.count + 2) * K);
    Z.fill(1, 0, K);
    Z.set(c.Z, 2 * K);
    const hidden = await hiddenForFeatures(ctx, feats, seed);
    let y: Float32Array;
    try {
      y = await scoreCoalitions(ctx, feats, Z, c.count + 2, hidden, batch, output);
    } finally {
      hidden.dispose();
    }
    const phi = shapleyFromCoalitions(c, K, y.subarray(2), y[0], y[1]);
    return {
      map: Float32Array.from(feats.labels, (l) => phi[l]),
      shape: [h, w],
      extras: {
        segmentWeights: phi,
        expectedValue: y[1],
        scoreInput: y[0],
        segments: K,
        features: feats.source,
        coalitions: c.count,
        exact: c.count === 2 ** K - 2 ? 1 : 0,
      },
    };
  },
};

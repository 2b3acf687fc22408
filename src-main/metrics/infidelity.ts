// Infidelity (Yeh et al. 2019, arXiv:1901.09392, Def. 2.1; Captum `infidelity`):
// E_I[(I·φ − (f(x) − f(x − I)))²] with I ~ N(0, σ²) per pixel (shared by its channels), f the
// target probability and I·φ = Σ_pixels I_p φ_p. With `normalize` (Captum's normalize=True) φ is
// first scaled by β = E[I·φ Δ] / E[(I·φ)²], the least-squares scale, so the score ignores the
// map's units: methods whose maps differ only by a factor score alike.
import type { BatchContext } from '../explainers/batches';
import type { PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';
import { gaussian, mulberry32 } from '../shared/random';
import type { MapItem } from './average-drop';
import { perturbedProbabilities } from './perturbed-rows';

/** The error from each sample's I·φ and Δ = f(x) − f(x − I). */
export function infidelityOf(dots: ArrayLike<number>, deltas: ArrayLike<number>, normalize: boolean): number {
  const n = dots.length;
  if (n === 0) return NaN;
  let beta = 1;
  if (normalize) {
    let num = 0;
    let den = 0;
    for (let k = 0; k < n; k++) {
      num += dots[k] * deltas[k];
      den += dots[k] * dots[k];
    }
    beta = den > 0 ? num / den : 0;
  }
  let e = 0;
  for (let k = 0; k < n; k++) e += (beta * dots[k] - deltas[k]) ** 2;
  return e / n;
}

/** The seeded noise of sample r of an n-pixel item: the same for every item at one seed. */
export function infidelityNoise(n: number, sigma: number, seed: number, r: number): Float32Array {
  const rand = mulberry32((seed * 1000003 + r * 7919) >>> 0);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * gaussian(rand);
  return out;
}

export async function infidelity(
  model: Classifier,
  items: readonly MapItem[],
  opts: { samples: number; sigma: number; seed: number; normalize: boolean; batch?: number; preprocess?: PreprocessSpec },
  ctx: BatchContext,
): Promise<number[]> {
  const s = Math.max(1, Math.floor(opts.samples));
  const rows = s + 1; // row 0: x itself, for f(x)
  const dots = new Float64Array(items.length * s);
  const p = await perturbedProbabilities(
    model,
    items,
    rows,
    (i, r, row, _x, _b, c) => {
      if (r === 0) return;
      const map = items[i].map;
      const noise = infidelityNoise(map.length, opts.sigma, opts.seed, r - 1);
      let dot = 0;
      for (let px = 0; px < map.length; px++) {
        dot += noise[px] * map[px];
        for (let ch = 0; ch < c; ch++) row[px * c + ch] -= noise[px];
      }
      dots[i * s + r - 1] = dot;
    },
    opts,
    ctx,
    'infidelity',
  );
  return items.map((_, i) => {
    const fx = p[i * rows];
    const deltas = Array.from({ length: s }, (_, k) => fx - p[i * rows + 1 + k]);
    return infidelityOf(dots.subarray(i * s, (i + 1) * s), deltas, opts.normalize);
  });
}

// Faithfulness correlation (Bhatt, Weller & Moura 2020, arXiv:2005.00631, §3; Quantus
// FaithfulnessCorrelation): over N random pixel subsets S of fixed size, the Pearson correlation
// between Σ_{i∈S} φ_i and f(x) − f(x_S←baseline). The baseline is black (Quantus' default).
// Pearson is shift-invariant, so corr(Σφ, f(x) − p_S) = −corr(Σφ, p_S): f(x) needs no forward pass.
import type { BatchContext } from '../explainers/batches';
import type { PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';
import { mulberry32 } from '../shared/random';
import type { MapItem } from './average-drop';
import { perturbedProbabilities } from './perturbed-rows';
import { pearson } from './similarity';

/** `count` seeded subsets of `size` distinct indices in [0, n) (partial Fisher–Yates). */
export function randomSubsets(n: number, size: number, count: number, seed: number): Uint32Array[] {
  const rand = mulberry32(seed);
  const k = Math.max(1, Math.min(size, n));
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, () => {
    for (let j = 0; j < k; j++) {
      const r = j + Math.floor(rand() * (n - j));
      [idx[j], idx[r]] = [idx[r], idx[j]];
    }
    return idx.slice(0, k);
  });
}

/** Pearson(Σ_S φ, −p_S): the pure half, given the perturbed probabilities p_S. */
export function faithfulnessCorrelationOf(map: ArrayLike<number>, subsets: readonly Uint32Array[], p: ArrayLike<number>): number {
  const sums = subsets.map((s) => s.reduce((a, i) => a + map[i], 0));
  return pearson(
    sums,
    Array.from(p, (v) => -v),
  );
}

export async function faithfulnessCorrelation(
  model: Classifier,
  items: readonly MapItem[],
  opts: { subsets: number; subsetSize: number; seed: number; batch?: number; preprocess?: PreprocessSpec },
  ctx: BatchContext,
): Promise<number[]> {
  // One draw per pixel count: items of one size share their subsets (seeded, so reproducible).
  const bySize = new Map<number, Uint32Array[]>();
  const subsetsOf = (n: number) => {
    if (!bySize.has(n)) bySize.set(n, randomSubsets(n, opts.subsetSize, opts.subsets, opts.seed));
    return bySize.get(n)!;
  };
  const p = await perturbedProbabilities(
    model,
    items,
    opts.subsets,
    (i, r, row, _x, b, c) => {
      for (const px of subsetsOf(items[i].map.length)[r]) for (let ch = 0; ch < c; ch++) row[px * c + ch] = b[px * c + ch];
    },
    opts,
    ctx,
    'faithfulness correlation',
  );
  return items.map((it, i) => faithfulnessCorrelationOf(it.map, subsetsOf(it.map.length), p.subarray(i * opts.subsets, (i + 1) * opts.subsets)));
}

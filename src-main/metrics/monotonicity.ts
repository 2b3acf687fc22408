// Monotonicity (Arya et al. 2019, AIX360, arXiv:1909.03012; Quantus Monotonicity): start from the
// black baseline and restore pixels in increasing order of attribution, `steps` equal chunks;
// the target probability should never fall. Quantus returns the boolean "all steps non-decreasing";
// we return the fraction of non-decreasing steps (1 ⇔ Quantus' True), which ranks methods.
import type { BatchContext } from '../explainers/batches';
import type { PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';
import type { MapItem } from './average-drop';
import { levelCounts } from './deletion-insertion';
import { orderByValue } from './maps';
import { perturbedProbabilities } from './perturbed-rows';

/** Share of the steps k → k+1 with p_{k+1} ≥ p_k; NaN for fewer than two levels. */
export function monotonicityOf(p: ArrayLike<number>): number {
  if (p.length < 2) return NaN;
  let up = 0;
  for (let k = 1; k < p.length; k++) if (p[k] >= p[k - 1]) up++;
  return up / (p.length - 1);
}

export async function monotonicity(
  model: Classifier,
  items: readonly MapItem[],
  opts: { steps: number; batch?: number; preprocess?: PreprocessSpec },
  ctx: BatchContext,
): Promise<number[]> {
  const steps = Math.max(1, Math.floor(opts.steps));
  const levels = steps + 1;
  // Increasing attribution: the reverse of orderByValue's highest-first order.
  const orders = items.map((it) => orderByValue(it.map).reverse());
  const counts = items.map((it) => levelCounts(it.map.length, steps));
  const p = await perturbedProbabilities(
    model,
    items,
    levels,
    (i, r, row, x, b, c) => {
      // Row starts as x: blank everything, then put back the first counts[r] pixels of the order.
      row.set(b);
      const order = orders[i];
      for (let j = 0, n = counts[i][r]; j < n; j++) for (let ch = 0; ch < c; ch++) row[order[j] * c + ch] = x[order[j] * c + ch];
    },
    opts,
    ctx,
    'monotonicity',
  );
  return items.map((_, i) => monotonicityOf(p.subarray(i * levels, (i + 1) * levels)));
}

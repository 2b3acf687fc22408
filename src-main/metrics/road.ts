// ROAD (Rong et al. 2022, "A Consistent and Efficient Evaluation Strategy for Attribution Methods",
// arXiv:2202.00449): remove a fraction of the pixels — the most relevant first (MoRF) or the least
// relevant first (LeRF) — fill them by noisy linear imputation (road-imputation.ts), and read the
// target probability. A metric value is the mean probability over the fractions (the area under
// ROAD's curve at evenly spaced fractions): MoRF lower is better, LeRF higher is better.
// Every (pair, order, fraction) is one row of one batched job.
import type { BatchContext } from '../explainers/batches';
import type { PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';
import type { MapItem } from './average-drop';
import { orderByValue } from './maps';
import { perturbedProbabilities } from './perturbed-rows';
import { noisyLinearImpute } from './road-imputation';

export const ROAD_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];

export interface RoadCurves {
  morf: number[];
  lerf: number[];
}

/** The mean of a curve: ROAD's summary value. */
export const roadValue = (p: readonly number[]): number => (p.length ? p.reduce((a, b) => a + b, 0) / p.length : NaN);

/** [h,w] removal mask of the first round(f·n) pixels of `order`. */
export function removalMask(order: ArrayLike<number>, fraction: number): Uint8Array {
  const m = new Uint8Array(order.length);
  const k = Math.round(fraction * order.length);
  for (let j = 0; j < k; j++) m[order[j]] = 1;
  return m;
}

export async function road(
  model: Classifier,
  items: readonly MapItem[],
  opts: { fractions?: number[]; noise?: number; seed?: number; batch?: number; preprocess?: PreprocessSpec },
  ctx: BatchContext,
): Promise<RoadCurves[]> {
  const fr = opts.fractions ?? ROAD_FRACTIONS;
  const rows = 2 * fr.length; // MoRF rows then LeRF rows
  const orders = items.map((it) => {
    const morf = orderByValue(it.map);
    return [morf, morf.slice().reverse()];
  });
  const p = await perturbedProbabilities(
    model,
    items,
    rows,
    (i, r, row, x, _b, c) => {
      const [, h, w] = items[i].input.shape;
      const order = orders[i][r < fr.length ? 0 : 1];
      const f = fr[r % fr.length];
      row.set(noisyLinearImpute(x, removalMask(order, f), [h, w, c], { noise: opts.noise ?? 0.01, seed: (opts.seed ?? 0) * 7919 + r }));
    },
    opts,
    ctx,
    'road',
  );
  return items.map((_, i) => ({
    morf: Array.from(p.subarray(i * rows, i * rows + fr.length)),
    lerf: Array.from(p.subarray(i * rows + fr.length, (i + 1) * rows)),
  }));
}

// The engine-level evaluation: a model, images with their maps (one per
// method), metric ids in; per (image, method) numbers and curves out. Each
// metric is scored through its entry in scores.ts; forward passes are batched
// across all images and methods of one call; only ADCC's re-explanations run
// one by one (they are the methods themselves).
import type { BatchContext } from '../explainers/batches';
import type { Classifier } from '../model/classifier';
import type { Curve, CurveKind } from './deletion-insertion';
import { meanStd } from './maps';
import { getMetric } from '../api/metrics';
import { METRIC_SCORES, type ScoreJob, type ScorePair, type Scored } from './scores';
import type { EvalImage, EvalMethod, EvaluateOptions } from './types';

export type { EvalImage, EvalMethod, EvaluateOptions };

export interface EvalCell {
  /** Metric id (and ADCC's parts as adcc.coherency, adcc.complexity) → value; NaN = not applicable. */
  values: Record<string, number>;
  curves: Partial<Record<CurveKind, Curve>>;
}

export type EvaluateContext = BatchContext;

/** Returns cells[image][method]. */
export async function evaluate(
  model: Classifier,
  images: readonly EvalImage[],
  methods: readonly EvalMethod[],
  metricIds: readonly string[],
  opts: EvaluateOptions,
  ctx: EvaluateContext,
): Promise<EvalCell[][]> {
  metricIds.forEach(getMetric);
  const cells: EvalCell[][] = images.map(() => methods.map(() => ({ values: {}, curves: {} })));
  const pairs: ScorePair[] = images.flatMap((im, i) =>
    methods.map((method, j) => ({
      input: im.input,
      target: im.target,
      map: im.maps[j],
      i,
      j,
      method,
      mask: im.mask ?? null,
      shape: im.input.shape.slice(1, 3) as [number, number],
    })),
  );
  const memo = new Map<string, Promise<unknown>>();
  const shared = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  const job: ScoreJob = { model, images, pairs, opts, ctx, metricIds, shared };
  for (const [id, score] of Object.entries(METRIC_SCORES)) {
    if (!metricIds.includes(id)) continue;
    const scored: Scored[] = await score(job);
    for (const [k, s] of scored.entries()) {
      const cell = cells[pairs[k].i][pairs[k].j];
      Object.assign(cell.values, s.values);
      Object.assign(cell.curves, s.curves);
    }
  }
  return cells;
}

/** mean ± std (sample) per method and value key, over the images where it applies. */
export function summarise(methods: readonly string[], cells: readonly EvalCell[][]): Record<string, Record<string, { mean: number; std: number; n: number }>> {
  const out: Record<string, Record<string, { mean: number; std: number; n: number }>> = {};
  methods.forEach((m, j) => {
    const keys = [...new Set(cells.flatMap((row) => Object.keys(row[j].values)))];
    out[m] = Object.fromEntries(keys.map((k) => [k, meanStd(cells.map((row) => row[j].values[k]))]));
  });
  return out;
}

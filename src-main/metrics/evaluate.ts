// The engine-level evaluation: a model, images with their maps (one per
// method), metric ids in; per (image, method) numbers and curves out. Forward
// passes are batched across all images and methods of one call; only ADCC's
// re-explanations run one by one (they are the methods themselves).
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import type { Classifier } from '../model/classifier';
import { adcc, coherency, complexity } from './adcc';
import { drop, explanationMapProbabilities, increase, type MapItem } from './average-drop';
import { type Curve, type CurveKind, deletionInsertion } from './deletion-insertion';
import { energyPointingGame, iou, type IouThreshold, pointingGame } from './localisation';
import { meanStd, normalise01 } from './maps';
import { getMetric } from './registry';
import { explanationMap, probabilitiesInBatches } from './scoring';

export interface EvalImage {
  /** [1,h,w,c], owned by the caller. */
  input: tf.Tensor4D;
  target: number;
  /** Ground-truth mask [h,w] at the input resolution, or null. */
  mask?: Uint8Array | null;
  /** Raw [h,w] maps, one per method, in the order of `methods`. */
  maps: Float32Array[];
}

export interface EvalMethod {
  id: string;
  /** Re-runs the method (needed by ADCC's coherency). */
  explain?(input: tf.Tensor4D, target: number): Promise<Float32Array>;
}

export interface EvaluateOptions {
  steps?: number;
  deletionSubstrate?: string;
  insertionSubstrate?: string;
  batch?: number;
  tolerance?: number;
  iouThreshold?: IouThreshold;
  preprocess?: PreprocessSpec;
}

export interface EvalCell {
  /** Metric id (and ADCC's parts as adcc.coherency, adcc.complexity) → value; NaN = not applicable. */
  values: Record<string, number>;
  curves: Partial<Record<CurveKind, Curve>>;
}

export type EvaluateContext = BatchContext;

/** Returns cells[image][method]. */
export async function evaluate(model: Classifier, images: readonly EvalImage[], methods: readonly EvalMethod[], metricIds: readonly string[], opts: EvaluateOptions, ctx: EvaluateContext): Promise<EvalCell[][]> {
  metricIds.forEach(getMetric);
  const has = (id: string): boolean => metricIds.includes(id);
  const cells: EvalCell[][] = images.map(() => methods.map(() => ({ values: {}, curves: {} })));
  const pairs: (MapItem & { i: number; j: number })[] = images.flatMap((im, i) => methods.map((_, j) => ({ input: im.input, target: im.target, map: im.maps[j], i, j })));
  const batch = opts.batch ?? 32;

  if (has('average-drop') || has('average-increase') || has('adcc')) {
    const y = await probabilitiesInBatches(model, { total: images.length, make: (s, e) => tf.concat(images.slice(s, e).map((im) => im.input)) as tf.Tensor4D, target: (i) => images[i].target }, batch, ctx, 'images');
    const o = await explanationMapProbabilities(model, pairs, batch, ctx);
    for (const [k, p] of pairs.entries()) {
      const v = cells[p.i][p.j].values;
      if (has('average-drop')) v['average-drop'] = drop(y[p.i], o[k]);
      if (has('average-increase')) v['average-increase'] = increase(y[p.i], o[k]);
      if (has('adcc')) {
        const explain = methods[p.j].explain;
        if (!explain) throw new Error(`adcc needs method ${methods[p.j].id} to be re-runnable`);
        const x2 = explanationMap(p.input, normalise01(p.map));
        let m2: Float32Array;
        try {
          m2 = await explain(x2, p.target);
        } finally {
          x2.dispose();
        }
        ctx.signal.check();
        const [coh, comp] = [coherency(p.map, m2), complexity(p.map)];
        v['adcc.coherency'] = coh;
        v['adcc.complexity'] = comp;
        v.adcc = adcc(coh, comp, drop(y[p.i], o[k]) / 100);
      }
    }
  }

  const kinds = (['deletion', 'insertion'] as const).filter(has);
  if (kinds.length) {
    const curves = await deletionInsertion(model, pairs, { steps: opts.steps ?? 20, kinds: [...kinds], deletionSubstrate: opts.deletionSubstrate, insertionSubstrate: opts.insertionSubstrate, batch, preprocess: opts.preprocess }, ctx);
    for (const [k, p] of pairs.entries()) {
      const cell = cells[p.i][p.j];
      for (const kind of kinds) {
        cell.curves[kind] = curves[k][kind];
        cell.values[kind] = curves[k][kind]?.auc ?? NaN;
      }
    }
  }

  for (const p of pairs) {
    const mask = images[p.i].mask;
    const v = cells[p.i][p.j].values;
    const shape = images[p.i].input.shape.slice(1, 3) as [number, number];
    if (has('pointing-game')) v['pointing-game'] = mask ? pointingGame(p.map, mask, shape, opts.tolerance ?? 0) : NaN;
    if (has('iou')) v.iou = mask ? iou(p.map, mask, opts.iouThreshold) : NaN;
    if (has('energy-pointing-game')) v['energy-pointing-game'] = mask ? energyPointingGame(p.map, mask) : NaN;
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

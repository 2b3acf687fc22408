// The shapes a metric's score function sees and returns: a leaf, so the score
// files (scores.ts, reexplain-scores.ts) import it and not each other.
import type { Classifier } from '../model/classifier';
import type { BatchContext } from '../explainers/batches';
import type { MapItem } from './average-drop';
import type { Curve, CurveKind } from './deletion-insertion';
import type { EvalImage, EvalMethod, EvaluateOptions } from './types';

export interface ScorePair extends MapItem {
  /** Indices of the image and the method. */
  i: number;
  j: number;
  method: EvalMethod;
  mask: Uint8Array | null;
  shape: [number, number];
}

export interface ScoreJob {
  model: Classifier;
  images: readonly EvalImage[];
  pairs: readonly ScorePair[];
  opts: EvaluateOptions;
  ctx: BatchContext;
  /** The metrics asked for in this call. */
  metricIds: readonly string[];
  /** `make()`'s result for `key`, made once per call whichever metric asks first. */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
}

/** One pair's values (the metric's id, and its parts as `<id>.<part>`; NaN = not applicable) and curves. */
export interface Scored {
  values: Record<string, number>;
  curves?: Partial<Record<CurveKind, Curve>>;
}

export type MetricScore = (job: ScoreJob) => Promise<Scored[]>;

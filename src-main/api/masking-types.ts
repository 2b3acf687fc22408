// Types of the masking lab (manual region masking, superpixels, the experiment
// log): requests and results as they cross the host boundaries. Plain data.
import type { ClassScore, TargetSpec } from './common';

/** A label image at the image's resolution: 0 = the unpainted rest, 1…n = one drawn region each. */
export interface RegionLabels {
  width: number;
  height: number;
  labels: Uint8Array | Int32Array;
}

/** Manual region masking (the masking lab): each mask is re-scored with `fill` where it is set. */
export interface ScoreMaskedRequest {
  modelId: string;
  imageId: string;
  /** Each mask: width × height bytes at the image's resolution, row-major; nonzero = hidden. */
  masks: Uint8Array[];
  /** zero | mean | blur | noise | #rrggbb (see explainers/perturbation/fill.ts). */
  fill: string;
  /** How many of the unmasked image's top classes to report (default 5). */
  topK?: number;
  /** Also reported when it is not among the top classes. */
  target?: TargetSpec;
  /** Seed of the noise fill. */
  seed?: number;
}

export interface MaskedClassScore {
  index: number;
  label: string;
  logitBefore: number;
  logitAfter: number;
  dLogit: number;
  probBefore: number;
  probAfter: number;
  dProb: number;
}

export interface MaskedScore {
  /** Hidden fraction of the image's pixels. */
  area: number;
  /** Hidden fraction of the model input (the mask resized as the image is). */
  inputArea: number;
  /** The result's `classes`, in the same order, before and after. */
  classes: MaskedClassScore[];
  /** The class the masked image is classified as. */
  topAfter: ClassScore;
}

export interface ScoreMaskedResult {
  target: number;
  /** The unmasked image's top-k classes (and the target), by probability. */
  classes: ClassScore[];
  results: MaskedScore[];
  ms: number;
}

/** Superpixels of an image at its own resolution, for "click a superpixel". */
export interface SegmentsResult {
  width: number;
  height: number;
  labels: Int32Array;
  count: number;
  ms: number;
}

/** One row of the masking lab's experiment log (persisted by the engine host, see masking/experiments.ts). */
export interface ExperimentRow {
  id: string;
  /** ISO 8601. */
  time: string;
  model: string;
  image: string;
  width: number;
  height: number;
  fill: string;
  /** Hidden fraction of the image's pixels. */
  area: number;
  target: number;
  classes: MaskedClassScore[];
  /** The mask at the image's resolution as a PNG data URL (white = hidden). */
  maskPng: string;
  /** A small PNG data URL of the masked image. */
  thumbnail: string;
}

export type NewExperiment = Omit<ExperimentRow, 'id' | 'time'>;

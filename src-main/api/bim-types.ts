// Types of the BIM benchmark op (src-main/bim/): request and the two result
// shapes, one per variant.
import type { ParamValues } from './common';

export type BimVariant = 'objects' | 'chest-marker';

/** Evaluation images when the request gives no n. */
export const BIM_DEFAULT_N: Record<BimVariant, number> = { objects: 16, 'chest-marker': 12 };

export interface BimRequest {
  jobId: string;
  /** Registry method ids (default: saliency, gradient-input, integrated-gradients, smoothgrad, guided-backprop, gradcam, occlusion, rise). */
  methods?: string[];
  variant?: BimVariant;
  /** Evaluation images (default 16 for objects, 12 for chest-marker). */
  n?: number;
  /** Per-method parameters over the benchmark's own defaults. */
  params?: Record<string, ParamValues>;
  /** IIR threshold t (default 0.1). */
  t?: number;
  /** TCAV model contrast score (objects variant; default true). */
  tcav?: boolean;
  /**
   * Which of the n evaluation samples to run (integers in 0…n−1, each once;
   * default all): the result is the aggregate over these, with their perSample.
   */
  indices?: number[];
  /**
   * The values that are not per sample (objects: TCAV when tcav; chest-marker:
   * the accuracies on the independent and reversed sets); default true. false:
   * tcav null and the chest accuracies NaN — for a job array, which computes
   * them once as a sample of their own.
   */
  wholeRun?: boolean;
}

/** One objects pair's values: all the aggregate metrics need of it (aggregate.ts). */
export interface BimObjectsSample {
  /** Its index k in 0…n−1 (image seed BIM_EVAL_SEED0 + k). */
  index: number;
  /** Each model's top class is the right one: object and scene model on x, scene model on x without the object. */
  correct: { object: boolean; scene: boolean; sceneWithoutObject: boolean };
  /** Relative change of the scene model's target logit from x to x without the object; the pair is insensitive when < t. */
  outputChange: number;
  /** Per method, on a pair all three are right about (the paper scores only those): region attributions; else null. */
  methods: Record<string, { gObject: number; gScene: number; gWithout: number }> | null;
}

/** One chest-marker image's values: per method, each model's share of the map's mass in the marker box. */
export interface MarkerSample {
  index: number;
  methods: Record<string, { shareShortcut: number; shareClean: number }>;
}

export interface BimMethodRow {
  method: string;
  /** Model contrast score: mean g_object − g_scene on the object region. */
  mcs: number;
  /** Input dependence rate (scene model, with vs without the object). */
  idr: number;
  /** Input independence rate over the pairs the scene model is insensitive to. */
  iir: number;
  iirPairs: number;
  /** Mean region attribution per model (the two terms of MCS). */
  gObject: number;
  gScene: number;
  /** Wall time (absent where the row is recomputed from per-sample values). */
  ms?: number;
}

export interface BimTcav {
  layer: string;
  concepts: { concept: string; object: number; scene: number; objectSignificant: boolean; sceneSignificantClasses: number }[];
  /** Mean over concepts of TCAV(object model) − TCAV(scene model); insignificant scores count as 0. */
  mcs: number;
}

export interface BimObjectsResult {
  variant: 'objects';
  images: number;
  /** Images both models classify right (the paper scores only those), used for MCS/IDR. */
  used: number;
  accuracy: { object: number; scene: number; sceneWithoutObject: number };
  t: number;
  rows: BimMethodRow[];
  tcav: BimTcav | null;
  ms?: number;
  /** The pairs' own values, in index order. */
  perSample?: BimObjectsSample[];
}

export interface MarkerRow {
  method: string;
  /** Mean share of the |map| mass inside the marker box, per model. */
  shareShortcut: number;
  shareClean: number;
  ratio: number;
  /** ratio ≥ 2: the method shows that the shortcut model looks at the marker. */
  reveals: boolean;
  ms?: number;
}

export interface ChestMarkerResult {
  variant: 'chest-marker';
  images: number;
  /** Accuracy with the marker independent of the label, and reversed (normal images marked, nodules not); NaN without wholeRun. */
  accuracy: { shortcut: { independent: number; reversed: number }; clean: { independent: number; reversed: number } };
  boxFraction: number;
  rows: MarkerRow[];
  ms?: number;
  /** The images' own values, in index order. */
  perSample?: MarkerSample[];
}

export type BimResult = BimObjectsResult | ChestMarkerResult;

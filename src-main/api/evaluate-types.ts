// Types of the evaluation operations (evaluate, sanity): requests and results
// as they cross the worker, IPC and WebSocket boundaries. Plain data only.
// Non-finite numbers travel as null (JSON would turn NaN into null anyway; the
// types say so, so no reader mistakes a missing value for a zero).
import type { ParamValues, TargetSpec } from './common';

/** Where the images of an evaluation come from; at least one must be given. */
export interface EvaluateImages {
  /** Images already opened in the engine. */
  imageIds?: string[];
  /** Image files by path (the demo's sample list). */
  paths?: string[];
  /** Every image of a folder (masks `*.mask.*` excluded). */
  folder?: string;
}

/** What to evaluate and how: shared by the engine op and the CLI (evaluation/evaluate-run.ts). */
export interface EvaluationSpec {
  /** Registry methods and controls (random-map, fake-cam, sobel), in table order. */
  methods: string[];
  /** Metric ids (api/metrics.ts); default: every metric that needs no mask (all of them with masks). */
  metrics?: string[];
  /**
   * Ground-truth masks: true = `<stem>.mask.png` beside each image; a string =
   * that folder. Without masks the mask metrics are refused.
   */
  masks?: boolean | string;
  /** Metric options (METRIC_PARAMS: steps, deletionSubstrate, insertionSubstrate, batch, …). */
  options?: ParamValues;
  /** Method parameters; each method keeps only its own. */
  params?: ParamValues;
  layer?: string | null;
  target?: TargetSpec;
  /** Images explained and scored together (default 8): bounds memory, their inputs and maps live at once. */
  imageBatch?: number;
}

export interface EvaluateRequest extends EvaluateImages, EvaluationSpec {
  jobId: string;
  modelId: string;
  /** Also return each image's curves (EvaluateResult.imageCurves): the CLI's curves.json. Off by default, so the UI's payload stays small. */
  perImage?: boolean;
}

export interface MetricStats {
  mean: number | null;
  std: number | null;
  /** Images where the metric applies (e.g. with a non-empty mask). */
  n: number;
}

export interface EvaluateRow {
  image: string;
  method: string;
  target: number;
  label: string;
  /** Metric id (and ADCC's parts adcc.coherency, adcc.complexity) → value; null = not applicable. */
  values: Record<string, number | null>;
}

export interface MeanCurves {
  /** Fraction of pixels deleted / inserted at each level. */
  fraction: number[];
  deletion?: number[];
  insertion?: number[];
}

/** One image's target-probability curve for one method. */
export interface ImageCurve {
  fraction: number[];
  probability: (number | null)[];
  /** Trapezoid area under the curve (the metric's value). */
  auc: number | null;
}

/** One image's curves, per method (the methods that ran deletion / insertion). */
export interface ImageCurves {
  image: string;
  target: number;
  methods: Record<string, { deletion?: ImageCurve; insertion?: ImageCurve }>;
}

export interface EvaluateResult {
  jobId: string;
  model: string;
  backend: string;
  images: string[];
  methods: string[];
  metrics: string[];
  /** The metric options after defaults. */
  options: ParamValues;
  rows: EvaluateRow[];
  /** method → value key → mean ± std over images. */
  summary: Record<string, Record<string, MetricStats>>;
  /** method → mean target-probability curves. */
  curves: Record<string, MeanCurves>;
  /** With `perImage`: one per image, in `images` order. */
  imageCurves?: ImageCurves[];
  seconds: number;
}

export type SanityMode = 'cascading' | 'independent' | 'data';

export interface SanityRequest {
  jobId: string;
  modelId: string;
  mode: SanityMode;
  /** The image explained (cascading / independent); in data mode the first of the compared images. */
  imageId?: string;
  /** Data mode: the images whose maps are compared (default: held-out digits or one image per class). */
  imageIds?: string[];
  methods: string[];
  params?: ParamValues;
  layer?: string | null;
  target?: TargetSpec;
  seed?: number;
  /** Data mode: 'digits' (the mnist package) or a labelled folder (one sub-folder per class). */
  data?: string;
  epochs?: number;
  trainLimit?: number;
  batchSize?: number;
  learningRate?: number;
}

export interface SimilarityScores {
  spearman: number | null;
  spearmanAbs: number | null;
  ssim: number | null;
  hog: number | null;
}

/** |map| scaled by its 99th percentile (the paper's visualisation), 0…255, row-major, at most THUMB_MAX px a side. */
export interface Thumb {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface SanityColumn {
  /** The randomisation step ("original", then the layer randomised down to) or, in data mode, the image. */
  label: string;
  /** Model modes: the layers randomised at this step. */
  layers?: string[];
  /** Data mode: the trained model's top class for this image. */
  target?: number;
}

export interface SanityTraining {
  /** Mean cross-entropy per epoch against the permuted labels. */
  loss: number[];
  permutedFraction: number;
  trainAccuracy: number;
  trainAccuracyTrue: number;
  heldOutAccuracy: number | null;
  trainedModelTrainAccuracy: number;
  trainedModelHeldOutAccuracy: number | null;
  trainImages: number;
  epochs: number;
  seconds: number;
}

export interface SanityResult {
  jobId: string;
  mode: SanityMode;
  model: string;
  backend: string;
  /** Model modes: the explained image and its target. */
  image?: string;
  target?: { index: number; label: string };
  seed: number;
  methods: string[];
  columns: SanityColumn[];
  /** similarity[method][column]: against the trained model's map (step 0, or the same image). */
  similarity: SimilarityScores[][];
  /** Data mode: per method, the mean over images. */
  mean?: SimilarityScores[];
  /** thumbs[method][column]: the map at that step (model modes) or the trained model's map (data mode). */
  thumbs: Thumb[][];
  /** Data mode: the permuted-label model's maps, [method][image]. */
  permutedThumbs?: Thumb[][];
  training?: SanityTraining;
  seconds: number;
}

/** A TCAV run: shared by the engine op and the CLI (evaluation/tcav-run.ts). */
export interface TcavSpec {
  /** Folder of concept images. */
  concept: string;
  /** Folder of random sets (one sub-folder each) or a flat pool to draw them from. */
  random: string;
  /** Folder of the images whose class scores are probed. */
  images: string;
  classes: number[];
  layer?: string | null;
  randomSets?: number;
  alpha?: number;
  bonferroni?: boolean;
  lambda?: number;
  seed?: number;
}

export interface TcavRequest extends TcavSpec {
  jobId: string;
  modelId: string;
}

export interface TcavClassScore {
  target: number;
  label: string;
  /** TCAV score per random set (concept vs random), and per random-vs-random CAV. */
  scores: number[];
  nullScores: number[];
  mean: number;
  std: number;
  nullMean: number;
  nullStd: number;
  t: number | null;
  df: number | null;
  p: number | null;
  significant: boolean;
}

export interface TcavApiResult {
  jobId: string;
  model: string;
  backend: string;
  layer: string;
  dim: number;
  alpha: number;
  /** Concept images, random set sizes, probed images. */
  concept: number;
  randomSets: number[];
  images: number;
  cavAccuracy: number[];
  nullCavAccuracy: number[];
  classes: TcavClassScore[];
  seconds: number;
}

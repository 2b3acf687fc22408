// The Evaluate view's state: plain data and named pure actions, kept apart
// from the main store (the view owns its runs). One job at a time: an
// evaluation or a sanity check, with its progress; results stay until the
// next run of the same kind. Also the pure shaping of results for the charts.
import type {
  EvaluateRequest,
  EvaluateResult,
  SanityMode,
  SanityRequest,
  SanityResult,
  SimilarityScores,
  TcavApiResult,
  TcavRequest,
} from '../../../src-main/api/evaluate-types';
import type { Catalog, JobProgress } from '../../../src-main/api/types';
import type { Provenance } from './provenance';

export type ImageSource = 'current' | 'samples';
export type RunKind = 'evaluate' | 'sanity' | 'tcav';
export type Substrate = 'zero' | 'blur' | 'mean';

/** TCAV's inputs as typed: folders on the engine's machine, classes as "1, 7". */
export interface TcavForm {
  concept: string;
  random: string;
  images: string;
  classes: string;
  layer: string;
  randomSets: number;
}

export interface EvaluateView {
  methods: string[];
  metrics: string[];
  /** The catalog's metrics that score against a ground-truth mask (needsMask); empty until the catalog is read. */
  maskMetrics: string[];
  images: ImageSource;
  /** Ground-truth masks `<stem>.mask.png` beside each image. */
  masks: boolean;
  steps: number;
  /** What deleted pixels become, and what insertion starts from (the metrics' own defaults until chosen). */
  deletionSubstrate: Substrate;
  insertionSubstrate: Substrate;
  sanityMode: SanityMode;
  sanityMethods: string[];
  epochs: number;
  trainLimit: number;
  /** Data randomisation's training set: a labelled folder (one sub-folder per class), or '' for the demo digits. */
  dataFolder: string;
  job: { kind: RunKind; jobId: string; progress: JobProgress | null; cancelling: boolean } | null;
  result: EvaluateResult | null;
  sanity: SanityResult | null;
  tcavForm: TcavForm;
  tcav: TcavApiResult | null;
  /** The model and image each kind's result was computed on (set when its run starts). */
  sources: Partial<Record<RunKind, Provenance>>;
}

export const initialEvaluate: EvaluateView = {
  methods: ['gradcam', 'fake-cam'],
  metrics: ['deletion', 'insertion', 'average-drop', 'average-increase', 'adcc'],
  maskMetrics: [],
  images: 'samples',
  masks: false,
  steps: 10,
  deletionSubstrate: 'zero',
  insertionSubstrate: 'blur',
  sanityMode: 'cascading',
  sanityMethods: ['saliency', 'guided-backprop'],
  epochs: 4,
  trainLimit: 500,
  dataFolder: '',
  job: null,
  result: null,
  sanity: null,
  tcavForm: { concept: '', random: '', images: '', classes: '', layer: '', randomSets: 10 },
  tcav: null,
  sources: {},
};

const toggled = (list: readonly string[], id: string, on: boolean): string[] =>
  on ? (list.includes(id) ? [...list] : [...list, id]) : list.filter((x) => x !== id);

function sourcesWith(sources: EvaluateView['sources'], kind: RunKind, source: Provenance | null): EvaluateView['sources'] {
  const { [kind]: _old, ...rest } = sources;
  return source ? { ...rest, [kind]: source } : rest;
}

export const evaluateActions = {
  /** The engine's catalog arrived: which metrics need masks (those chosen without masks are dropped). */
  catalogRead: (s: EvaluateView, catalog: Pick<Catalog, 'metrics'>): EvaluateView => {
    const maskMetrics = catalog.metrics.filter((m) => m.needsMask).map((m) => m.id);
    return { ...s, maskMetrics, metrics: s.masks ? s.metrics : s.metrics.filter((m) => !maskMetrics.includes(m)) };
  },
  methodToggled: (s: EvaluateView, id: string, on: boolean): EvaluateView => ({ ...s, methods: toggled(s.methods, id, on) }),
  metricToggled: (s: EvaluateView, id: string, on: boolean): EvaluateView =>
    s.maskMetrics.includes(id) && on && !s.masks ? s : { ...s, metrics: toggled(s.metrics, id, on) },
  /** Without masks the mask metrics cannot run: turning masks off drops them. */
  masksSet: (s: EvaluateView, masks: boolean): EvaluateView => ({
    ...s,
    masks,
    metrics: masks ? s.metrics : s.metrics.filter((m) => !s.maskMetrics.includes(m)),
  }),
  imagesSet: (s: EvaluateView, images: ImageSource): EvaluateView => ({ ...s, images }),
  substrateSet: (s: EvaluateView, kind: 'deletion' | 'insertion', v: Substrate): EvaluateView =>
    kind === 'deletion' ? { ...s, deletionSubstrate: v } : { ...s, insertionSubstrate: v },
  stepsSet: (s: EvaluateView, steps: number): EvaluateView => (Number.isInteger(steps) && steps >= 1 && steps <= 1000 ? { ...s, steps } : s),
  sanityModeSet: (s: EvaluateView, sanityMode: SanityMode): EvaluateView => ({ ...s, sanityMode }),
  sanityMethodToggled: (s: EvaluateView, id: string, on: boolean): EvaluateView => ({ ...s, sanityMethods: toggled(s.sanityMethods, id, on) }),
  epochsSet: (s: EvaluateView, epochs: number): EvaluateView => (Number.isInteger(epochs) && epochs >= 1 && epochs <= 200 ? { ...s, epochs } : s),
  dataFolderSet: (s: EvaluateView, dataFolder: string): EvaluateView => ({ ...s, dataFolder }),
  trainLimitSet: (s: EvaluateView, trainLimit: number): EvaluateView => (Number.isInteger(trainLimit) && trainLimit >= 2 ? { ...s, trainLimit } : s),
  /** A new run replaces any finished result of its kind; one job at a time. */
  started: (s: EvaluateView, kind: RunKind, jobId: string, source: Provenance | null = null): EvaluateView =>
    s.job
      ? s
      : {
          ...s,
          job: { kind, jobId, progress: null, cancelling: false },
          ...(kind === 'evaluate' ? { result: null } : kind === 'sanity' ? { sanity: null } : { tcav: null }),
          sources: sourcesWith(s.sources, kind, source),
        },
  tcavFieldSet: <K extends keyof TcavForm>(s: EvaluateView, k: K, v: TcavForm[K]): EvaluateView => ({ ...s, tcavForm: { ...s.tcavForm, [k]: v } }),
  tcavDone: (s: EvaluateView, jobId: string, tcav: TcavApiResult): EvaluateView => (s.job?.jobId === jobId ? { ...s, job: null, tcav } : s),
  progressed: (s: EvaluateView, p: JobProgress): EvaluateView => (s.job?.jobId === p.jobId ? { ...s, job: { ...s.job, progress: p } } : s),
  cancelRequested: (s: EvaluateView, jobId: string): EvaluateView => (s.job?.jobId === jobId ? { ...s, job: { ...s.job, cancelling: true } } : s),
  evaluated: (s: EvaluateView, jobId: string, result: EvaluateResult): EvaluateView => (s.job?.jobId === jobId ? { ...s, job: null, result } : s),
  sanityChecked: (s: EvaluateView, jobId: string, sanity: SanityResult): EvaluateView => (s.job?.jobId === jobId ? { ...s, job: null, sanity } : s),
  ended: (s: EvaluateView, jobId: string): EvaluateView => (s.job?.jobId === jobId ? { ...s, job: null } : s),
};

type Acts = typeof evaluateActions;
export type ActionArgs<K extends keyof Acts> = Acts[K] extends (s: EvaluateView, ...a: infer A) => EvaluateView ? A : never;
/** Applies a named action with its arguments (what the view's components get). */
export type ApplyAction = <K extends keyof Acts>(k: K, ...a: ActionArgs<K>) => void;

/** The engine request for the current choices; null while something needed is missing. */
export function evaluateRequest(
  s: EvaluateView,
  jobId: string,
  modelId: string,
  images: { imageId: string | null; samplePaths: string[] },
): EvaluateRequest | null {
  const use = effectiveImages(s.images, images.samplePaths.length);
  const src = use === 'current' ? (images.imageId ? { imageIds: [images.imageId] } : null) : { paths: images.samplePaths };
  if (!src || !s.methods.length || !s.metrics.length) return null;
  const options = { steps: s.steps, deletionSubstrate: s.deletionSubstrate, insertionSubstrate: s.insertionSubstrate };
  return { jobId, modelId, ...src, methods: s.methods, metrics: s.metrics, masks: s.masks, options };
}

/** Without demo samples (a model of one's own) the images are the current one: the choice cannot stay on an empty list. */
export function effectiveImages(choice: ImageSource, samples: number): ImageSource {
  return choice === 'samples' && samples === 0 ? 'current' : choice;
}

/** Why "Run evaluation" is disabled, in words; null when it can run. */
export function evaluateBlocker(s: EvaluateView, imageName: string | null, samples: number): string | null {
  if (s.job) return s.job.kind === 'evaluate' ? 'An evaluation is running.' : 'Another run is in progress; wait for it or cancel it.';
  if (!s.methods.length) return 'Choose at least one method or control.';
  if (!s.metrics.length) return 'Choose at least one metric.';
  if (effectiveImages(s.images, samples) === 'current' && !imageName)
    return samples ? 'Open an image, or evaluate on the demo samples.' : 'Open an image to evaluate on (this model has no demo samples).';
  return null;
}

export function sanityRequest(s: EvaluateView, jobId: string, modelId: string, imageId: string | null): SanityRequest | null {
  if (!s.sanityMethods.length || (s.sanityMode !== 'data' && !imageId)) return null;
  const base = { jobId, modelId, mode: s.sanityMode, methods: s.sanityMethods };
  return s.sanityMode === 'data'
    ? { ...base, epochs: s.epochs, trainLimit: s.trainLimit, data: s.dataFolder.trim() || 'digits' }
    : { ...base, imageId: imageId! };
}

/** Class indices from "1, 7" (null when any is not a non-negative integer). */
export function parseClasses(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const n = parts.map(Number);
  return parts.length && n.every((v) => Number.isInteger(v) && v >= 0) ? n : null;
}

export function tcavRequest(s: EvaluateView, jobId: string, modelId: string): TcavRequest | null {
  const f = s.tcavForm;
  const classes = parseClasses(f.classes);
  if (!classes || !f.concept.trim() || !f.random.trim() || !f.images.trim()) return null;
  return {
    jobId,
    modelId,
    concept: f.concept.trim(),
    random: f.random.trim(),
    images: f.images.trim(),
    classes,
    randomSets: f.randomSets,
    ...(f.layer ? { layer: f.layer } : {}),
  };
}

/** Rows for a line chart: one per x, one key per method (recharts' data shape). */
export function curveRows(r: EvaluateResult, kind: 'deletion' | 'insertion'): { methods: string[]; rows: Record<string, number>[] } {
  const methods = r.methods.filter((m) => r.curves[m]?.[kind]);
  const fraction = methods.length ? r.curves[methods[0]].fraction : [];
  return { methods, rows: fraction.map((x, i) => Object.fromEntries([['x', x], ...methods.map((m) => [m, r.curves[m][kind]![i]])])) };
}

/** Similarity per randomisation step, one key per method; null values stay gaps. */
export function similarityRows(r: SanityResult, key: keyof SimilarityScores = 'spearmanAbs'): Record<string, string | number | null>[] {
  return r.columns.map((c, k) => Object.fromEntries([['step', c.label], ...r.methods.map((m, j) => [m, r.similarity[j][k][key]])]));
}

/** Progress as a fraction 0…1, or null while the job has not reported yet. */
export const progressFraction = (p: JobProgress | null): number | null => (p && p.total > 0 ? Math.min(1, p.done / p.total) : null);

/** The running job's percentage: floored, and at most 99 % until the result arrives (the last step still has work after it counts). */
export function progressLabel(p: JobProgress | null): string {
  const f = progressFraction(p);
  return f == null ? 'Starting…' : `${Math.min(99, Math.floor(f * 100))} %`;
}

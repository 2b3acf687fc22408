// The sanity checks as both the CLI and the engine run them: method
// resolution, the model-parameter randomisation of one image, and the data
// randomisation test with its training data (demo digits or a labelled
// folder) and comparison images. Returns maps as plain arrays; every tensor
// made here is disposed here.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { SanityColumn, SanityResult, SanityTraining, SimilarityScores } from '../api/evaluate-types';
import type { ParamValues, TargetSpec } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import type { Classifier } from '../model/classifier';
import { getEvalMethod } from '../metrics/controls';
import { topClasses } from '../metrics/run-method';
import { type LabelledSet, type MapComparison, accuracy, compareModels, trainPermutedCopy } from '../sanity/data-randomisation';
import { digitsSubsets, digitsTensor } from '../sanity/digits-data';
import { loadLabelledFolder } from '../sanity/labelled-folder';
import type { RandomiseMode } from '../model/randomise';
import { type SanityMethod, type SanityResult as CheckResult, type Similarity, sanityCheck } from '../sanity/sanity';
import type { ModelFacts } from './evaluate-run';
import { thumb } from './thumbs';

/** Methods by id; each keeps only its own parameters, CAMs get the layer (or the model's default). */
export function sanityMethods(ids: readonly string[], params: ParamValues | undefined, layer: string | null | undefined, info: ModelFacts): SanityMethod[] {
  if (!ids.length) throw new StudioError('bad-request', 'no methods to check');
  return ids.map((id) => {
    const m = getEvalMethod(id);
    const own = Object.fromEntries(Object.entries(params ?? {}).filter(([k]) => m.params.some((p) => p.name === k)));
    return { id, method: m, opts: { layer: m.needsLayer ? (layer ?? info.defaultLayer) : null, params: own, preprocess: info.preprocess } };
  });
}

/** Both randomisation tests re-initialise layer weights: a capability, whatever the format. */
function needsKerasWeights(model: Classifier, info: ModelFacts, what: string): void {
  if (!model.hasKerasWeights) throw new StudioError('unsupported-model', `${info.name}: ${what} needs a LayersModel`);
}

/** Model-parameter randomisation of one [1,h,w,c] input (owned by the caller). */
export async function runModelSanity(
  model: Classifier,
  info: ModelFacts,
  input: tf.Tensor4D,
  spec: { mode: RandomiseMode; methods: SanityMethod[]; target?: TargetSpec; seed?: number },
  ctx: BatchContext,
): Promise<{ check: CheckResult; target: number }> {
  needsKerasWeights(model, info, 'parameter randomisation');
  const target = spec.target == null || spec.target === 'top' ? (await topClasses(model, [input]))[0] : spec.target;
  if (!Number.isInteger(target) || target < 0 || target >= model.numClasses)
    throw new StudioError(
      'bad-target',
      `target ${String(spec.target)} is out of range: ${info.name} has ${model.numClasses} classes (0–${model.numClasses - 1})`,
    );
  return { check: await sanityCheck(model, input, target, spec.methods, { mode: spec.mode, seed: spec.seed ?? 0 }, ctx), target };
}

export interface DataSanitySpec {
  methods: SanityMethod[];
  /** 'digits' or a labelled folder. */
  data: string;
  /** The images whose maps are compared (caller owns); default: 6 held-out digits, or one image per class. */
  compare?: { x: tf.Tensor4D; names: string[] };
  epochs: number;
  trainLimit: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface DataSanityRun {
  cmp: MapComparison;
  names: string[];
  training: SanityTraining;
}

/** Adebayo et al.'s data randomisation: train a permuted-label copy, compare each method's maps on both models. */
export async function runDataSanity(model: Classifier, info: ModelFacts, spec: DataSanitySpec, ctx: BatchContext): Promise<DataSanityRun> {
  needsKerasWeights(model, info, 'data randomisation (it re-trains the architecture)');
  const owned: tf.Tensor[] = [];
  let permuted: Classifier | null = null;
  try {
    let train: LabelledSet;
    let heldOut: LabelledSet | undefined;
    let compare: tf.Tensor4D;
    let names: string[];
    if (spec.data === 'digits') {
      if (model.inputHeight !== 28 || model.inputWidth !== 28 || model.inputChannels !== 1 || model.numClasses !== 10)
        throw new StudioError(
          'unsupported-model',
          `the digits training set needs a 28×28×1 input and 10 classes; ${info.name} has ${model.inputHeight}×${model.inputWidth}×${model.inputChannels} and ${model.numClasses}`,
        );
      const rows = digitsSubsets(spec.trainLimit, 500, spec.seed);
      train = digitsTensor(rows.train);
      heldOut = digitsTensor(rows.heldOut);
      owned.push(train.x, heldOut.x);
      compare = heldOut.x.slice(0, 6);
      names = Array.from({ length: 6 }, (_, i) => `heldout-${i}-digit${heldOut!.labels[i]}`);
    } else {
      const set = await loadLabelledFolder(spec.data, model, info.preprocess, info.labels, {
        limit: Math.ceil(spec.trainLimit / model.numClasses),
        signal: ctx.signal,
      });
      train = set;
      owned.push(set.x);
      const first = set.files.map((_, i) => i).filter((i) => set.labels.indexOf(set.labels[i]) === i); // one image per class
      compare = tf.gather(set.x, first);
      names = first.map((i) => set.files[i].split(/[\\/]/).pop() ?? String(i));
    }
    owned.push(compare);
    if (spec.compare) [compare, names] = [spec.compare.x, spec.compare.names];
    const quiet: BatchContext = { signal: ctx.signal, progress: () => {} };
    const trainedTrain = await accuracy(model, train.x, train.labels, quiet);
    const trainedHeldOut = heldOut ? await accuracy(model, heldOut.x, heldOut.labels, quiet) : null;
    const run = await trainPermutedCopy(
      model,
      train,
      { epochs: spec.epochs, batchSize: spec.batchSize, learningRate: spec.learningRate, seed: spec.seed },
      ctx,
      heldOut,
    );
    permuted = run.classifier;
    const images = Array.from({ length: compare.shape[0] }, (_, i) => compare.slice(i, 1) as tf.Tensor4D);
    owned.push(...images);
    const cmp = await compareModels(model, run.classifier, images, spec.methods, ctx);
    return {
      cmp,
      names,
      training: {
        ...run.report,
        trainedModelTrainAccuracy: trainedTrain,
        trainedModelHeldOutAccuracy: trainedHeldOut,
        trainImages: train.labels.length,
        epochs: spec.epochs,
      },
    };
  } finally {
    tf.dispose(owned);
    permuted?.dispose();
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
const scores = (s: Similarity): SimilarityScores => ({
  spearman: finite(s.spearman),
  spearmanAbs: finite(s.spearmanAbs),
  ssim: finite(s.ssim),
  hog: finite(s.hog),
});

type Common = { jobId: string; model: string; backend: string; seed: number; seconds: number };

/** The API form of a parameter-randomisation run: similarities per step and thumbnails of every map. */
export function modelSanityResult(
  check: CheckResult,
  ids: readonly string[],
  extra: Common & { image: string; target: { index: number; label: string } },
): SanityResult {
  const columns: SanityColumn[] = check.steps.map((s) => ({ label: s.label, layers: s.layers }));
  return {
    ...extra,
    mode: check.mode,
    methods: [...ids],
    columns,
    similarity: check.similarity.map((row) => row.map(scores)),
    thumbs: check.maps.map((ms) => ms.map((m) => thumb(m, check.shape))),
  };
}

/** The API form of a data-randomisation run. */
export function dataSanityResult(run: DataSanityRun, ids: readonly string[], extra: Common): SanityResult {
  const { cmp } = run;
  return {
    ...extra,
    mode: 'data',
    methods: [...ids],
    columns: run.names.map((label, i) => ({ label, target: cmp.targets[i] })),
    similarity: cmp.similarity.map((row) => row.map(scores)),
    mean: cmp.mean.map(scores),
    thumbs: cmp.maps.map((ms) => ms.map(([a]) => thumb(a, cmp.shape))),
    permutedThumbs: cmp.maps.map((ms) => ms.map(([, b]) => thumb(b, cmp.shape))),
    training: run.training,
  };
}

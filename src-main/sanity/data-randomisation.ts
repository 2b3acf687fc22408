// Data randomisation test (Adebayo et al. 2018, §4): train a fresh copy of the
// model's architecture on the same images with the labels permuted, so it can
// only memorise, then compare each method's maps on the trained model with its
// maps on the permuted-label model. A method whose maps barely change does not
// depend on the relation between images and labels the model learnt.
// The copy is the model's own architecture with seeded initializers
// (Classifier.randomisedCopy); training is a plain Adam loop on the
// pre-softmax logits so cancel and progress are checked between batches, and
// everything random (initial weights, label permutation, batch order) is seeded.
// Limitation: layers run in inference mode (batch-norm statistics and dropout
// stay as in the copy's initial state), which suits the small architectures
// this is meant for.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { JobProgress } from '../api/types';
import { type BatchContext, batchRanges, scoreInBatches } from '../explainers/batches';
import { yieldToLoop } from '../core/jobs';
import type { Classifier } from '../model/classifier';
import { topClasses, runMethod } from '../metrics/run-method';
import { mulberry32 } from '../shared/random';
import { type SanityMethod, type Similarity, compareMaps } from './sanity';

/** A job context whose progress also says the stage and the whole units finished (JobProgress.phase, .step). */
type StagedContext = Omit<BatchContext, 'progress'> & {
  progress(done: number, total: number, message?: string, detail?: Pick<JobProgress, 'phase' | 'step'>): void;
};

/** Images [n,h,w,c] in the model's input range with one class index each; the caller owns x. */
export interface LabelledSet {
  x: tf.Tensor4D;
  labels: Int32Array;
}

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
}

export interface TrainReport {
  /** Mean cross-entropy per epoch, against the permuted labels. */
  loss: number[];
  /** Fraction of training labels the permutation changed. */
  permutedFraction: number;
  /** Accuracy on the training images against the permuted labels (memorisation). */
  trainAccuracy: number;
  /** Accuracy on the training images against their true labels. */
  trainAccuracyTrue: number;
  /** Accuracy on held-out images against their true labels (≈ chance when nothing was learnt). */
  heldOutAccuracy: number | null;
  seconds: number;
}

/** In-place seeded Fisher–Yates. */
function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rand: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The labels, permuted across images (seeded): the class histogram is kept, the image–label relation destroyed. */
export function permuteLabels(labels: Int32Array, seed: number): Int32Array {
  return shuffleInPlace(Int32Array.from(labels), mulberry32(seed ^ 0x5eed));
}

/** Top-1 accuracy of `c` on `x` against `labels`, batched. */
export async function accuracy(c: Classifier, x: tf.Tensor4D, labels: Int32Array, ctx: BatchContext, batch = 256): Promise<number> {
  const pred = await scoreInBatches(
    ctx,
    x.shape[0],
    batch,
    (s, e) => x.slice(s, e - s),
    (xs) =>
      c
        .logits(xs as tf.Tensor4D)
        .argMax(1)
        .toFloat() as tf.Tensor1D,
    'accuracy',
  );
  let hit = 0;
  pred.forEach((p, i) => void (p === labels[i] && hit++));
  return hit / labels.length;
}

/**
 * Trains a freshly initialised copy of `model`'s architecture on `train` with
 * permuted labels. Returns a classifier over the copy (the caller disposes it)
 * and a report. Progress is per batch; a cancel is honoured between batches.
 */
export async function trainPermutedCopy(
  model: Classifier,
  train: LabelledSet,
  opts: TrainOptions,
  ctx: StagedContext,
  heldOut?: LabelledSet,
): Promise<{ classifier: Classifier; report: TrainReport }> {
  if (!model.hasKerasWeights) throw new StudioError('unsupported-model', 'data randomisation needs a LayersModel: its architecture is re-trained');
  const n = train.labels.length;
  if (n !== train.x.shape[0]) throw new StudioError('internal', `${train.x.shape[0]} images but ${n} labels`);
  const t0 = Date.now();
  const seed = opts.seed ?? 0;
  const batch = opts.batchSize ?? 32;
  const permuted = permuteLabels(train.labels, seed);
  const trained = await model.randomisedCopy('all', seed);
  // The optimiser must touch only the copy's weights.
  const vars = trained.trainableVariables();
  const optimizer = tf.train.adam(opts.learningRate ?? 0.003);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(permuted, 'int32'), model.numClasses).toFloat());
  const rand = mulberry32(seed + 1);
  const loss: number[] = [];
  const steps = Math.ceil(n / batch);
  try {
    for (let e = 0; e < opts.epochs; e++) {
      const order = tf.tensor1d(
        shuffleInPlace(
          Int32Array.from({ length: n }, (_, i) => i),
          rand,
        ),
        'int32',
      );
      let sum: tf.Scalar = tf.scalar(0);
      try {
        for (const [s, end] of batchRanges(n, batch)) {
          const cost = optimizer.minimize(
            () => {
              const idx = order.slice(s, end - s);
              const logits = trained.logits(train.x.gather(idx) as tf.Tensor4D);
              return tf.losses.softmaxCrossEntropy(y.gather(idx), logits) as tf.Scalar;
            },
            true,
            vars,
          )!;
          const next = tf.tidy(() => sum.add(cost.mul(end - s))) as tf.Scalar;
          tf.dispose([sum, cost]);
          sum = next;
          const b = Math.ceil(end / batch);
          ctx.progress(e * steps + b, opts.epochs * steps, `training on permuted labels: epoch ${e + 1}/${opts.epochs}, batch ${b}/${steps}`, {
            phase: 'training',
            step: { done: b === steps ? e + 1 : e, total: opts.epochs, unit: 'epochs' },
          });
          await yieldToLoop();
          ctx.signal.check();
        }
        loss.push((await sum.data())[0] / n);
      } finally {
        tf.dispose([order, sum]);
      }
    }
    const report: TrainReport = {
      loss,
      permutedFraction: permuted.reduce((t, v, i) => t + (v !== train.labels[i] ? 1 : 0), 0) / n,
      trainAccuracy: await accuracy(trained, train.x, permuted, ctx),
      trainAccuracyTrue: await accuracy(trained, train.x, train.labels, ctx),
      heldOutAccuracy: heldOut ? await accuracy(trained, heldOut.x, heldOut.labels, ctx) : null,
      seconds: (Date.now() - t0) / 1000,
    };
    return { classifier: trained, report };
  } catch (e) {
    trained.dispose();
    throw e;
  } finally {
    y.dispose();
    optimizer.dispose();
  }
}

export interface MapComparison {
  /** The trained model's top class per image: both models are explained for it. */
  targets: number[];
  shape: [number, number];
  /** maps[method][image] = [trained, permuted], raw. */
  maps: [Float32Array, Float32Array][][];
  /** similarity[method][image]. */
  similarity: Similarity[][];
  /** Per method, the mean over images of each similarity. */
  mean: Similarity[];
}

const meanOf = (ss: Similarity[]): Similarity => {
  const m = (k: keyof Similarity): number => ss.reduce((t, s) => t + s[k], 0) / ss.length;
  return { spearman: m('spearman'), spearmanAbs: m('spearmanAbs'), ssim: m('ssim'), hog: m('hog') };
};

/** Each method's maps on `trained` and `permuted` for each [1,h,w,c] image, and their similarities. */
export async function compareModels(
  trained: Classifier,
  permuted: Classifier,
  images: readonly tf.Tensor4D[],
  methods: readonly SanityMethod[],
  ctx: StagedContext,
): Promise<MapComparison> {
  if (!images.length) throw new StudioError('no-images', 'no images to compare maps on');
  const targets = await topClasses(trained, images);
  const shape = images[0].shape.slice(1, 3) as [number, number];
  const maps: [Float32Array, Float32Array][][] = methods.map(() => []);
  const total = images.length * methods.length;
  for (const [i, x] of images.entries()) {
    for (const [j, sm] of methods.entries()) {
      const pair: [Float32Array, Float32Array] = [
        await runMethod(sm.method, trained, x, targets[i], { ...sm.opts, signal: ctx.signal }),
        await runMethod(sm.method, permuted, x, targets[i], { ...sm.opts, signal: ctx.signal }),
      ];
      maps[j].push(pair);
      ctx.progress(i * methods.length + j + 1, total, `maps ${i + 1}/${images.length} (${sm.id})`, {
        phase: 'maps',
        step: { done: j === methods.length - 1 ? i + 1 : i, total: images.length, unit: 'images' },
      });
      await yieldToLoop();
      ctx.signal.check();
    }
  }
  const similarity = maps.map((ms) => ms.map(([a, b]) => compareMaps(a, b, shape)));
  return { targets, shape, maps, similarity, mean: similarity.map(meanOf) };
}

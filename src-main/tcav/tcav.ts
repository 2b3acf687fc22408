// TCAV (Kim et al. 2018): how much a concept pushes a class's score at one
// layer. With A = f_l(x) and S_c the class's pre-softmax score,
//   directional derivative  S_{C,c}(x) = ∂S_c/∂A · v_C   (v_C: the CAV, cav.ts)
//   TCAV score              = |{x ∈ X_c : S_{C,c}(x) > 0}| / |X_c|
// One CAV per random set r (concept vs random_r) gives a distribution of
// scores; the null distribution comes from random-vs-random CAVs (random_r vs
// random_{r+1 mod R}). A two-sided Welch t-test between them flags concepts
// whose scores are no different from chance (the paper's §3.2), at α, divided
// by the number of hypotheses when a Bonferroni correction is asked for.
// The gradients ∂S_c/∂A do not depend on the CAV: they are computed once per
// class, batched (model/split.ts gives features → A and head(A) → logits).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { type BatchContext, scoreInBatches } from '../explainers/batches';
import { yieldToLoop } from '../core/jobs';
import type { Classifier } from '../model/classifier';
import { splitModel } from '../model/split';
import { trainCav } from './cav';
import { welchTTest } from './stats';

export interface TcavInputs {
  /** Concept images [n,h,w,c] in the model's input range (caller owns them). */
  concept: tf.Tensor4D;
  /** Random image sets, at least two (the null needs random-vs-random pairs). */
  randoms: tf.Tensor4D[];
  /** The images whose class scores are probed (X_c; the same set for every class). */
  images: tf.Tensor4D;
}

export interface TcavOptions {
  layer: string;
  classes: number[];
  /** CAV regulariser (cav.ts). */
  lambda?: number;
  alpha?: number;
  /** Divide α by this many hypotheses (Bonferroni); 1 = no correction. */
  hypotheses?: number;
  batch?: number;
}

export interface TcavClassResult {
  target: number;
  /** TCAV score per random set (concept vs random_r). */
  scores: number[];
  /** TCAV score per random-vs-random CAV. */
  nullScores: number[];
  mean: number;
  std: number;
  nullMean: number;
  nullStd: number;
  t: number;
  df: number;
  p: number;
  significant: boolean;
}

export interface TcavResult {
  layer: string;
  /** Flattened activation size d at the layer. */
  dim: number;
  /** Training accuracy of each concept CAV and each null CAV. */
  cavAccuracy: number[];
  nullCavAccuracy: number[];
  /** The α each p is compared with (after any correction). */
  alpha: number;
  classes: TcavClassResult[];
}

const sd = (v: readonly number[]): number => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
};

/** Flattened activations at the layer, [n·d] row-major, batched. */
export async function layerActivations(model: Classifier, layer: string, x: tf.Tensor4D, ctx: BatchContext, batch = 32): Promise<Float32Array> {
  const split = splitModel(model, layer);
  return scoreInBatches(
    ctx,
    x.shape[0],
    batch,
    (s, e) => x.slice(s, e - s),
    (xs) => split.features(xs as tf.Tensor4D)[0].reshape([-1]) as tf.Tensor1D,
    'activations',
  );
}

/** ∂S_c/∂A for each image, [n·d] row-major, batched (images are independent, so the batch sum's gradient is per-image). */
export async function classGradients(model: Classifier, layer: string, x: tf.Tensor4D, target: number, ctx: BatchContext, batch = 32): Promise<Float32Array> {
  const split = splitModel(model, layer);
  return scoreInBatches(
    ctx,
    x.shape[0],
    batch,
    (s, e) => x.slice(s, e - s),
    (xs) => {
      const [A, ...side] = split.features(xs as tf.Tensor4D);
      const g = tf.grad((a: tf.Tensor) =>
        split
          .head(a as tf.Tensor4D, side)
          .slice([0, target], [-1, 1])
          .sum(),
      )(A);
      return g.reshape([-1]) as tf.Tensor1D;
    },
    `gradients (class ${target})`,
  );
}

/** Fraction of rows of `grads` (n×d) whose dot product with `v` is positive. */
export function tcavScore(grads: Float32Array, v: Float64Array): number {
  const d = v.length;
  const n = grads.length / d;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0, o = i * d; k < d; k++) s += grads[o + k] * v[k];
    if (s > 0) pos++;
  }
  return pos / n;
}

export async function tcav(model: Classifier, inputs: TcavInputs, opts: TcavOptions, ctx: BatchContext): Promise<TcavResult> {
  const R = inputs.randoms.length;
  if (R < 2) throw new StudioError('bad-param', `TCAV needs at least 2 random sets (the paper uses ≥ 10), got ${R}`);
  if (!opts.classes.length) throw new StudioError('bad-request', 'TCAV needs at least one class');
  for (const c of opts.classes)
    if (!Number.isInteger(c) || c < 0 || c >= model.numClasses) throw new StudioError('bad-target', `class ${c} is out of range (0–${model.numClasses - 1})`);
  const split = splitModel(model, opts.layer);
  const d = split.shape.reduce((a, b) => a * b, 1);
  const quiet: BatchContext = { signal: ctx.signal, progress: () => {} };
  const total = 1 + R + opts.classes.length + 2 * R;
  let done = 0;
  const step = (msg: string): void => ctx.progress(++done, total, msg);
  const concept = await layerActivations(model, opts.layer, inputs.concept, quiet, opts.batch);
  step('concept activations');
  const randoms: Float32Array[] = [];
  for (const [r, x] of inputs.randoms.entries()) {
    randoms.push(await layerActivations(model, opts.layer, x, quiet, opts.batch));
    step(`random set ${r + 1}/${R} activations`);
  }
  const grads: Float32Array[] = [];
  for (const c of opts.classes) {
    grads.push(await classGradients(model, opts.layer, inputs.images, c, quiet, opts.batch));
    step(`gradients of class ${c}`);
  }
  const scores: number[][] = opts.classes.map(() => []);
  const nullScores: number[][] = opts.classes.map(() => []);
  const cavAccuracy: number[] = [];
  const nullCavAccuracy: number[] = [];
  for (let r = 0; r < 2 * R; r++) {
    const isNull = r >= R;
    const k = r % R;
    const cav = isNull ? trainCav(randoms[k], randoms[(k + 1) % R], d, { lambda: opts.lambda }) : trainCav(concept, randoms[k], d, { lambda: opts.lambda });
    (isNull ? nullCavAccuracy : cavAccuracy).push(cav.accuracy);
    grads.forEach((g, j) => (isNull ? nullScores : scores)[j].push(tcavScore(g, cav.vector)));
    step(isNull ? `random CAV ${k + 1}/${R}` : `concept CAV ${k + 1}/${R}`);
    await yieldToLoop();
    ctx.signal.check();
  }
  const alpha = (opts.alpha ?? 0.05) / Math.max(1, opts.hypotheses ?? 1);
  const classes = opts.classes.map((target, j): TcavClassResult => {
    const test = welchTTest(scores[j], nullScores[j]);
    return {
      target,
      scores: scores[j],
      nullScores: nullScores[j],
      mean: test.meanA,
      std: sd(scores[j]),
      nullMean: test.meanB,
      nullStd: sd(nullScores[j]),
      t: test.t,
      df: test.df,
      p: test.p,
      significant: test.p < alpha,
    };
  });
  return { layer: opts.layer, dim: d, cavAccuracy, nullCavAccuracy, alpha, classes };
}

// The trust card of one map (issue 19 item 7): the method is run once for the
// map, then re-run for the checks — 10 noisy inputs (max-sensitivity), one
// other class (random-logit) and, where the model has a CAM layer, x ⊙ m for
// ADCC, beside Fake-CAM's ADCC on the same image. Readings: shared/trust-card.ts.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { presetValues } from '../api/preprocess-spec';
import type { TrustCardRequest, TrustCardResult, TrustValues } from '../api/trust-card-types';
import type { ModelInfo } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import { getMethod } from '../explainers/registry';
import type { Classifier } from '../model/classifier';
import { probabilities } from '../model/head';
import { adcc, coherency, complexity } from '../metrics/adcc';
import { drop } from '../metrics/average-drop';
import { normalise01 } from '../metrics/maps';
import { randomLogit } from '../metrics/random-logit';
import { evalMethod } from '../metrics/run-method';
import { explanationMap, targetProbabilities } from '../metrics/scoring';
import { sensitivity } from '../metrics/sensitivity';
import { sparseness } from '../metrics/sparseness';
import { trustLines } from '../shared/trust-card';
import { classLabel } from '../shared/class-label';

export interface TrustCardDeps {
  model(id: string): { info: ModelInfo; classifier: Classifier };
  /** The model input of an open image (caller disposes). */
  input(modelId: string, imageId: string): tf.Tensor4D;
}

type Explain = (x: tf.Tensor4D, target: number) => Promise<Float32Array>;

async function probability(model: Classifier, x: tf.Tensor4D, target: number): Promise<number> {
  const p = await targetProbabilities(model, x, [target]);
  const v = (await p.data())[0];
  p.dispose();
  return v;
}

/** One image's ADCC (metrics/adcc.ts): coherency of m with the map of x ⊙ m, complexity, and the drop from Y to O. */
export async function adccOfMap(model: Classifier, explain: Explain, input: tf.Tensor4D, target: number, map: Float32Array, y: number): Promise<number> {
  const x2 = explanationMap(input, normalise01(map));
  try {
    const o = await probability(model, x2, target);
    const m2 = await explain(x2, target);
    return adcc(coherency(map, m2), complexity(map), drop(y, o) / 100);
  } finally {
    x2.dispose();
  }
}

export async function trustCardJob(deps: TrustCardDeps, req: TrustCardRequest, ctx: BatchContext): Promise<TrustCardResult> {
  const t0 = performance.now();
  const { info, classifier } = deps.model(req.modelId);
  const layer = req.layer ?? info.defaultLayer;
  const opts = { layer, params: req.params, preprocess: info.preprocess, signal: ctx.signal };
  const m = evalMethod(req.method, classifier, opts);
  const samples = req.samples ?? 10;
  const radius = req.radius ?? 0.02;
  const seed = req.seed ?? 0;
  // Work in method runs: the map, the noisy inputs, the other class, then ADCC's two (map and Fake-CAM).
  const cam = info.defaultLayer != null;
  const total = 2 + samples + (cam ? 2 : 0);
  let done = 0;
  const step = (message: string): void => ctx.progress(++done, total, message);
  const explain: Explain = async (x, t) => {
    const out = await m.explain(x, t);
    ctx.signal.check();
    step('trust card');
    return out;
  };
  const input = deps.input(req.modelId, req.imageId);
  try {
    const probs = tf.tidy(() => probabilities(classifier.head, classifier.logits(input).squeeze([0])));
    const logits = tf.tidy(() => classifier.logits(input).squeeze([0]));
    const [p, l] = [(await probs.data()) as Float32Array, (await logits.data()) as Float32Array];
    tf.dispose([probs, logits]);
    const target = req.target == null || req.target === 'top' ? p.indexOf(Math.max(...p)) : req.target;
    if (!Number.isInteger(target) || target < 0 || target >= info.numClasses)
      throw new StudioError('bad-target', `target ${String(req.target)} is out of range: ${info.name} has ${info.numClasses} classes`);
    const [, h, w] = input.shape;
    const map = await explain(input, target);
    // Noise in model-input units: a fraction of the pixel range (metrics/reexplain-scores.ts' inputRange).
    const { scale, std } = presetValues(info.preprocess);
    const r = radius * (scale / (std.reduce((a, b) => a + b, 0) / std.length));
    const sens = await sensitivity(explain, input, target, map, { samples, radius: r, seed }, ctx.signal);
    const rl = await randomLogit(explain, input, target, map, info.numClasses, seed, [h, w]);
    const values: TrustValues = {
      sparseness: sparseness(map),
      maxSensitivity: sens.max,
      avgSensitivity: sens.avg,
      radius,
      samples,
      randomLogitSsim: rl.ssim,
      otherClass: rl.otherClass,
    };
    if (cam) {
      const y = p[target];
      values.adcc = await adccOfMap(classifier, explain, input, target, map, y);
      const fake = evalMethod('fake-cam', classifier, opts);
      const fakeMap = await fake.explain(input, target);
      values.fakeCamAdcc = await adccOfMap(classifier, fake.explain, input, target, fakeMap, y);
      step('Fake-CAM');
    }
    return {
      jobId: req.jobId,
      method: getMethod(req.method).id,
      target: { index: target, label: classLabel(info.labels, target), logit: l[target], probability: p[target] },
      map,
      shape: [h, w],
      values,
      lines: trustLines(values, (k) => classLabel(info.labels, k)),
      ms: performance.now() - t0,
    };
  } finally {
    input.dispose();
  }
}

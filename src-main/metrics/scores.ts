// Each metric's score function, keyed by its id in registry.ts: what evaluate()
// dispatches through. A score sees every (image, method) pair of one call, so
// forward passes stay batched across images and methods; work two metrics
// share (the probabilities of x and x ⊙ m, the deletion/insertion pass) is
// made once per call through `shared`.
import { StudioError } from '../api/errors';
import * as tf from '@tensorflow/tfjs';
import { adcc, coherency, complexity } from './adcc';
import { drop, explanationMapProbabilities, increase } from './average-drop';
import { type CurveKind, deletionInsertion } from './deletion-insertion';
import type { EvaluateOptions } from './types';
import { energyPointingGame, iou, pointingGame } from './localisation';
import { normalise01 } from './maps';
import { sparseness } from './sparseness';
import { faithfulnessCorrelation } from './faithfulness-correlation';
import { monotonicity } from './monotonicity';
import { infidelity } from './infidelity';
import { road, roadValue } from './road';
import { entropyComplexity } from './entropy-complexity';
import { relevanceMass } from './relevance-mass';
import { relevanceRank } from './relevance-rank';
import { topKIntersection } from './top-k-intersection';
import type { MetricId } from '../api/metrics';
import { explanationMap, probabilitiesInBatches } from './scoring';
import {
  avgSensitivityScore,
  efficientMprtScore,
  inputRange,
  lipschitzScore,
  maxSensitivityScore,
  randomLogitScore,
  smoothMprtScore,
} from './reexplain-scores';

export type { MetricScore, ScoreJob, ScorePair, Scored } from './score-types';
import type { MetricScore, ScoreJob, ScorePair, Scored } from './score-types';

/** Y (target probability of each image) and O (of each pair's x ⊙ map). */
function probabilities(job: ScoreJob): Promise<{ y: Float32Array; o: Float32Array }> {
  return job.shared('probabilities', async () => {
    const { model, images, pairs, opts, ctx } = job;
    const batch = opts.batch ?? 32;
    const y = await probabilitiesInBatches(
      model,
      { total: images.length, make: (s, e) => tf.concat(images.slice(s, e).map((im) => im.input)) as tf.Tensor4D, target: (i) => images[i].target },
      batch,
      ctx,
      'images',
    );
    const o = await explanationMapProbabilities(model, pairs, batch, ctx);
    return { y, o };
  });
}

const byDrop =
  (f: (y: number, o: number) => number, id: string): MetricScore =>
  async (job) => {
    const { y, o } = await probabilities(job);
    return job.pairs.map((p, k) => ({ values: { [id]: f(y[p.i], o[k]) } }));
  };

/** Deletion and insertion share one batched pass over the kinds asked for. */
const CURVE_KINDS: readonly CurveKind[] = ['deletion', 'insertion'];
const byCurve =
  (kind: CurveKind): MetricScore =>
  async (job) => {
    const { model, pairs, opts, ctx, metricIds } = job;
    const kinds = CURVE_KINDS.filter((k) => metricIds.includes(k));
    const curves = await job.shared('curves', () =>
      deletionInsertion(
        model,
        pairs,
        {
          steps: opts.steps ?? 20,
          kinds,
          deletionSubstrate: opts.deletionSubstrate,
          insertionSubstrate: opts.insertionSubstrate,
          batch: opts.batch ?? 32,
          preprocess: opts.preprocess,
        },
        ctx,
      ),
    );
    return curves.map((c) => ({ values: { [kind]: c[kind]?.auc ?? NaN }, ...(c[kind] ? { curves: { [kind]: c[kind] } } : {}) }));
  };

/** A per-pair score against the ground-truth mask; NaN for an image without one. */
const byMask =
  (id: string, f: (p: ScorePair & { mask: Uint8Array }, opts: EvaluateOptions) => number): MetricScore =>
  async (job) =>
    job.pairs.map((p) => ({ values: { [id]: p.mask ? f(p as ScorePair & { mask: Uint8Array }, job.opts) : NaN } }));

/** ADCC re-runs each method on x ⊙ normalise01(map), one by one. */
const adccScore: MetricScore = async (job) => {
  const { y, o } = await probabilities(job);
  const out: Scored[] = [];
  for (const [k, p] of job.pairs.entries()) {
    const explain = p.method.explain;
    if (!explain) throw new StudioError('bad-request', `adcc needs method ${p.method.id} to be re-runnable`);
    const x2 = explanationMap(p.input, normalise01(p.map));
    let m2: Float32Array;
    try {
      m2 = await explain(x2, p.target);
    } finally {
      x2.dispose();
    }
    job.ctx.signal.check();
    const [coh, comp] = [coherency(p.map, m2), complexity(p.map)];
    out.push({ values: { 'adcc.coherency': coh, 'adcc.complexity': comp, adcc: adcc(coh, comp, drop(y[p.i], o[k]) / 100) } });
  }
  return out;
};

/** ROAD's MoRF and LeRF rows, one batched pass for both metrics. */
const roadCurves = (job: ScoreJob) =>
  job.shared('road', () =>
    road(
      job.model,
      job.pairs,
      { noise: job.opts.roadNoise ?? 0.01, seed: job.opts.seed ?? 0, batch: job.opts.batch, preprocess: job.opts.preprocess },
      job.ctx,
    ),
  );

/**
 * Every metric's score. They run in this order, which is also the order of a
 * cell's values (evaluation.csv's columns): forward-pass metrics, curves, masks.
 */
export const METRIC_SCORES = {
  'average-drop': byDrop(drop, 'average-drop'),
  'average-increase': byDrop(increase, 'average-increase'),
  adcc: adccScore,
  'max-sensitivity': maxSensitivityScore,
  'avg-sensitivity': avgSensitivityScore,
  'local-lipschitz': lipschitzScore,
  'random-logit': randomLogitScore,
  'smooth-mprt': smoothMprtScore,
  'efficient-mprt': efficientMprtScore,
  deletion: byCurve('deletion'),
  insertion: byCurve('insertion'),
  'road-morf': async (job) => (await roadCurves(job)).map((c) => ({ values: { 'road-morf': roadValue(c.morf) } })),
  'road-lerf': async (job) => (await roadCurves(job)).map((c) => ({ values: { 'road-lerf': roadValue(c.lerf) } })),
  'faithfulness-correlation': async (job) =>
    (
      await faithfulnessCorrelation(
        job.model,
        job.pairs,
        {
          subsets: job.opts.faithSubsets ?? 50,
          subsetSize: job.opts.faithSubsetSize ?? 224,
          seed: job.opts.seed ?? 0,
          batch: job.opts.batch,
          preprocess: job.opts.preprocess,
        },
        job.ctx,
      )
    ).map((v) => ({ values: { 'faithfulness-correlation': v } })),
  monotonicity: async (job) =>
    (
      await monotonicity(job.model, job.pairs, { steps: job.opts.monotonicitySteps ?? 20, batch: job.opts.batch, preprocess: job.opts.preprocess }, job.ctx)
    ).map((v) => ({
      values: { monotonicity: v },
    })),
  infidelity: async (job) =>
    (
      await infidelity(
        job.model,
        job.pairs,
        {
          samples: job.opts.infidelitySamples ?? 50,
          sigma: (job.opts.infidelitySigma ?? 0.05) * inputRange(job.opts),
          normalize: job.opts.infidelityNormalize ?? true,
          seed: job.opts.seed ?? 0,
          batch: job.opts.batch,
          preprocess: job.opts.preprocess,
        },
        job.ctx,
      )
    ).map((v) => ({ values: { infidelity: v } })),
  'pointing-game': byMask('pointing-game', (p, opts) => pointingGame(p.map, p.mask, p.shape, opts.tolerance ?? 0)),
  iou: byMask('iou', (p, opts) => iou(p.map, p.mask, opts.iouThreshold)),
  'energy-pointing-game': byMask('energy-pointing-game', (p) => energyPointingGame(p.map, p.mask)),
  sparseness: async (job) => job.pairs.map((p) => ({ values: { sparseness: sparseness(p.map) } })),
  complexity: async (job) => job.pairs.map((p) => ({ values: { complexity: entropyComplexity(p.map) } })),
  'relevance-mass': byMask('relevance-mass', (p) => relevanceMass(p.map, p.mask)),
  'relevance-rank': byMask('relevance-rank', (p) => relevanceRank(p.map, p.mask)),
  'top-k-intersection': byMask('top-k-intersection', (p, opts) => topKIntersection(p.map, p.mask, opts.topKPercent ?? 2)),
} satisfies Record<MetricId, MetricScore>;

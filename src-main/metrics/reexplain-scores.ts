// Score functions of the metrics that re-run the method at new inputs, other
// classes or a randomised model (robustness and randomisation), for scores.ts'
// METRIC_SCORES. One pair at a time (runMethod's tf scopes must not
// interleave). Noise and the other class are seeded per image (seed + image
// index), so every method of an image sees the same draws.
import { StudioError } from '../api/errors';
import { presetValues } from '../api/preprocess-spec';
import type { Classifier } from '../model/classifier';
import { randomisableLayers, randomisedClassifier } from '../model/randomise';
import { efficientMprt } from './efficient-mprt';
import { localLipschitz } from './lipschitz';
import { randomLogit } from './random-logit';
import type { MetricScore, ScoreJob, ScorePair, Scored } from './score-types';
import { sensitivity } from './sensitivity';
import { smoothMprt } from './smooth-mprt';
import type { EvaluateOptions } from './types';

/** Model-input units per unit of pixel range (v in [0,1] becomes (v·scale − mean)/std): noise levels are given as fractions of the pixel range. */
export function inputRange(opts: EvaluateOptions): number {
  if (!opts.preprocess) return 1;
  const { scale, std } = presetValues(opts.preprocess);
  return scale / (std.reduce((a, b) => a + b, 0) / std.length);
}

const explainOf = (p: ScorePair, id: string): NonNullable<ScorePair['method']['explain']> => {
  if (!p.method.explain) throw new StudioError('bad-request', `${id} needs method ${p.method.id} to be re-runnable`);
  return p.method.explain;
};

const seedOf = (job: ScoreJob, p: ScorePair): number => (job.opts.seed ?? 0) + p.i;

/** Max- and average-sensitivity share one set of re-explanations. */
function sensitivities(job: ScoreJob): Promise<{ max: number; avg: number }[]> {
  return job.shared('sensitivity', async () => {
    const radius = (job.opts.sensitivityRadius ?? 0.02) * inputRange(job.opts);
    const out = [];
    for (const p of job.pairs) {
      const opts = { samples: job.opts.sensitivitySamples ?? 10, radius, seed: seedOf(job, p) };
      out.push(await sensitivity(explainOf(p, 'sensitivity'), p.input, p.target, p.map, opts, job.ctx.signal));
    }
    return out;
  });
}

export const maxSensitivityScore: MetricScore = async (job) => (await sensitivities(job)).map((s) => ({ values: { 'max-sensitivity': s.max } }));
export const avgSensitivityScore: MetricScore = async (job) => (await sensitivities(job)).map((s) => ({ values: { 'avg-sensitivity': s.avg } }));

export const lipschitzScore: MetricScore = async (job) => {
  const sigma = (job.opts.lipschitzSigma ?? 0.02) * inputRange(job.opts);
  const out: Scored[] = [];
  for (const p of job.pairs) {
    const opts = { samples: job.opts.sensitivitySamples ?? 10, sigma, seed: seedOf(job, p) };
    out.push({ values: { 'local-lipschitz': await localLipschitz(explainOf(p, 'local-lipschitz'), p.input, p.target, p.map, opts, job.ctx.signal) } });
  }
  return out;
};

export const randomLogitScore: MetricScore = async (job) => {
  const out: Scored[] = [];
  for (const p of job.pairs) {
    const r = await randomLogit(explainOf(p, 'random-logit'), p.input, p.target, p.map, job.model.numClasses, seedOf(job, p), p.shape);
    job.ctx.signal.check();
    out.push({ values: { 'random-logit': r.ssim, 'random-logit.otherClass': r.otherClass } });
  }
  return out;
};

/** sMPRT and eMPRT share one fully randomised copy of the model (every randomisable layer, seeded), made and disposed here. NaN without Keras weights. */
function mprt(job: ScoreJob): Promise<{ smooth: number; efficient: number }[]> {
  return job.shared('mprt', async () => {
    const { model, pairs, opts, metricIds } = job;
    // A GraphModel has no initializers to re-draw: not applicable rather than a failed evaluation.
    if (!model.hasKerasWeights) return pairs.map(() => ({ smooth: NaN, efficient: NaN }));
    let random: Classifier | null = null;
    try {
      random = await randomisedClassifier(model, randomisableLayers(model), opts.seed ?? 0);
      const out = [];
      for (const p of pairs) {
        const explainOn = p.method.explainOn;
        if (!explainOn) throw new StudioError('bad-request', `MPRT needs method ${p.method.id} to run on a randomised model`);
        const onRandom = (x: Parameters<typeof explainOn>[1], t: number): Promise<Float32Array> => explainOn(random as Classifier, x, t);
        const smoothOpts = { samples: opts.mprtSamples ?? 10, sigma: (opts.mprtSigma ?? 0.1) * inputRange(opts), seed: seedOf(job, p) };
        const smooth = metricIds.includes('smooth-mprt')
          ? await smoothMprt((x, t) => explainOn(model, x, t), onRandom, p.input, p.target, smoothOpts, job.ctx.signal)
          : NaN;
        const efficient = metricIds.includes('efficient-mprt') ? efficientMprt(p.map, await onRandom(p.input, p.target)) : NaN;
        job.ctx.signal.check();
        out.push({ smooth, efficient });
      }
      return out;
    } finally {
      random?.dispose();
    }
  });
}

export const smoothMprtScore: MetricScore = async (job) => (await mprt(job)).map((m) => ({ values: { 'smooth-mprt': m.smooth } }));
export const efficientMprtScore: MetricScore = async (job) => (await mprt(job)).map((m) => ({ values: { 'efficient-mprt': m.efficient } }));

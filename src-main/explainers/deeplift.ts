// DeepLIFT, Rescale rule (Shrikumar, Greenside & Kundaje 2017). One forward
// of the baseline x′ records every nonlinearity's reference input x₀ and
// output f(x₀); the backward from the target then multiplies by
// m = (f(x) − f(x₀)) / (x − x₀) at each nonlinearity (f′(x) where |x − x₀| < 1e-6)
// and by the ordinary gradient elsewhere. Attribution = (x − x′) ⊙ that
// "gradient", summed over channels. For linear layers + elementwise
// nonlinearities it sums exactly to S(x) − S(x′); max-pooling takes its
// gradient (as DeepExplain does), which breaks exactness — `delta` reports it.
// Captum computes a max-pool rule but discards it unless a clone sits before
// the pool (Captum issue 1104), so as shipped it agrees with us; the gap is
// real, though (up to −8.06 with image baselines): read `delta` with the map.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { type BackwardRule, requireBackwardRules } from '../model/backward-rules';
import type { Classifier } from '../model/classifier';
import { batchScore, isBaselineKind, loadBaselineImage, makeBaseline, BASELINE_PARAMS } from './baselines';
import { classScoreGradient } from './saliency';
import type { Method } from './types';

const EPS = 1e-6;

/** The Rescale rule against references recorded on the baseline forward (keyed by site index). */
export function rescaleRule(refs: Map<number, [tf.Tensor, tf.Tensor]>): BackwardRule {
  return {
    name: 'deeplift-rescale',
    backward: ({ site, x, y, dy, grad }) => {
      const ref = refs.get(site.index);
      if (!ref) throw new StudioError('internal', `deeplift: no reference recorded for ${site.layer}`);
      const dx = tf.sub(x, ref[0]);
      const small = tf.less(tf.abs(dx), EPS);
      const m = tf.div(tf.sub(y, ref[1]), tf.where(small, tf.onesLike(dx), dx));
      return tf.where(small, grad(), tf.mul(dy, m));
    },
  };
}

/** Records (x₀, f(x₀)) of every nonlinearity on one forward of `baseline`; the caller disposes them. */
export function recordReferences(model: Classifier, run: () => tf.Tensor): Map<number, [tf.Tensor, tf.Tensor]> {
  const refs = new Map<number, [tf.Tensor, tf.Tensor]>();
  const record: BackwardRule = {
    name: 'deeplift-record',
    backward: ({ grad }) => grad(),
    forward: (site, x, y) => {
      // A layer applied twice per forward (shared weights) would need one reference per call.
      if (refs.has(site.index)) throw new StudioError('unsupported-model', `deeplift: layer ${site.layer} is applied more than once per forward`);
      refs.set(site.index, [tf.keep(x.clone()), tf.keep(y.clone())]);
    },
  };
  try {
    model.withBackwardRule(record, () => tf.tidy(() => void run()));
  } catch (e) {
    for (const r of refs.values()) tf.dispose(r);
    throw e;
  }
  return refs;
}

export const deeplift: Method = {
  id: 'deeplift',
  label: 'DeepLIFT (Rescale)',
  family: 'gradient',
  paper: 'Shrikumar, Greenside & Kundaje 2017, Learning Important Features Through Propagating Activation Differences (arXiv:1704.02685).',
  peers:
    'Same as Captum 0.8 as shipped: max-pool takes its gradient (Captum computes a max-pool rule but discards it unless a clone precedes the pool, Captum issue 1104); the summation gap this leaves is reported as delta (up to −8.06 with image baselines), read it beside the map',
  needsLayer: false,
  usesGradients: true,
  params: [...BASELINE_PARAMS],
  async run(ctx) {
    ctx.signal.check();
    const { baseline, baselineImage } = ctx.params as { baseline: string; baselineImage: string };
    if (!isBaselineKind(baseline)) throw new StudioError('bad-param', `deeplift: unknown baseline "${baseline}"`);
    requireBackwardRules(ctx.model, 'deeplift');
    const [, h, w] = ctx.input.shape;
    const ref = baselineImage ? await loadBaselineImage(baselineImage, ctx.input, ctx.preprocess) : makeBaseline(baseline, ctx.input);
    const refs = recordReferences(ctx.model, () => ctx.model.logits(ref));
    let map: tf.Tensor;
    let scores: tf.Tensor;
    let sites = 0;
    try {
      ctx.progress(1, 2);
      const out = ctx.model.withBackwardRule(rescaleRule(refs), () =>
        tf.tidy(() =>
          classScoreGradient((x) => ctx.model.logits(x), ctx.input, ctx.target)
            .mul(ctx.input.sub(ref))
            .sum(3)
            .reshape([h, w]),
        ),
      );
      map = out.result;
      sites = out.sites.length;
      scores = tf.tidy(() => batchScore(ctx.model, tf.concat([ctx.input, ref]), ctx.target));
    } finally {
      for (const r of refs.values()) tf.dispose(r);
      ref.dispose();
    }
    const data = (await map.data()) as Float32Array;
    const s = (await scores.data()) as Float32Array;
    tf.dispose([map, scores]);
    ctx.progress(2, 2);
    let sum = 0;
    for (const v of data) sum += v;
    const diff = s[0] - s[1];
    const delta = sum - diff;
    return {
      map: data,
      shape: [h, w],
      extras: {
        delta,
        relativeDelta: Math.abs(delta) / Math.max(Math.abs(diff), 1e-12),
        scoreInput: s[0],
        scoreBaseline: s[1],
        baseline: baselineImage || baseline,
        sites,
      },
    };
  },
};

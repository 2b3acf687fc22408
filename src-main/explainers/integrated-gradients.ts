// Integrated Gradients (Sundararajan, Taly & Yan 2017): (x − x′) ⊙ ∫₀¹ ∂S_c/∂x
// at x′ + α(x − x′) dα, signed, summed over channels. Completeness —
// Σattr = S(x) − S(x′) — holds up to quadrature error, which `delta` reports.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import { shareRanges, reportShare, sumInOrder } from './batches';
import { batchScore, isBaselineKind, scoreGradient, loadBaselineImage, makeBaseline, BASELINE_PARAMS } from './baselines';
import type { ExplainContext, Method } from './types';

/** Gauss-Legendre nodes and weights on [0,1] (Newton on P_n, as in Numerical Recipes' gauleg). */
export function gaussLegendre(n: number): { alphas: number[]; weights: number[] } {
  const alphas = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    const wt = 1 / ((1 - z * z) * dp * dp); // 2/((1−z²)P′²) halved for [0,1]
    alphas[i] = (1 - z) / 2;
    alphas[n - 1 - i] = (1 + z) / 2;
    weights[i] = weights[n - 1 - i] = wt;
  }
  return { alphas, weights };
}

export const TRAPEZOID_WEIGHTS = ['sum-to-1', 'captum'] as const;
export type TrapezoidWeights = (typeof TRAPEZOID_WEIGHTS)[number];

/**
 * Trapezoid rule on n equally spaced points including both ends, α = linspace(0,1,n).
 * 'sum-to-1' is the textbook rule, step 1/(n−1), so the weights sum to 1.
 * 'captum' is Captum's riemann_trapezoid: the same points but step 1/n, so
 * the weights sum to 1 − 1/n and every map is ours × (n−1)/n (kept only to
 * reproduce published Captum figures; its completeness gap is larger).
 */
export function trapezoid(n: number, convention: TrapezoidWeights = 'sum-to-1'): { alphas: number[]; weights: number[] } {
  if (convention === 'captum') {
    // Captum asserts n > 1 here; at n = 1 its weights would be all zero.
    if (n < 2) throw new StudioError('bad-param', "integrated-gradients: weights=captum needs steps ≥ 2 (Captum's riemann_trapezoid refuses fewer)");
    const alphas = Array.from({ length: n }, (_, i) => i / (n - 1));
    return { alphas, weights: alphas.map((_, i) => (i === 0 || i === n - 1 ? 0.5 : 1) / n) };
  }
  if (n === 1) return { alphas: [0.5], weights: [1] }; // midpoint: one point cannot span both ends
  const alphas = Array.from({ length: n }, (_, i) => i / (n - 1));
  const weights = alphas.map((_, i) => (i === 0 || i === n - 1 ? 0.5 : 1) / (n - 1));
  return { alphas, weights };
}

/**
 * Σ_k w_k ∂S/∂x(x′ + α_k d), evaluated `batch` points per backward pass;
 * returns [1,h,w,c]. Batches may run in other engine workers (core/share.ts):
 * their sums are added in batch order, so the result is the same for any N.
 */
export async function pathGradientSum(
  ctx: ExplainContext,
  from: tf.Tensor4D,
  d: tf.Tensor4D,
  alphas: number[],
  weights: number[],
  batch: number,
): Promise<tf.Tensor4D> {
  const ranges = shareRanges(alphas.length, batch);
  const parts = await sharedMap(
    ranges.length,
    async (b) => {
      ctx.signal.check();
      const [s, e] = ranges[b];
      const xs = tf.tidy(() => from.add(d.mul(tf.tensor4d(alphas.slice(s, e), [e - s, 1, 1, 1]))) as tf.Tensor4D);
      let g: tf.Tensor4D;
      try {
        g = await scoreGradient(ctx.model, xs, ctx.target);
      } finally {
        xs.dispose();
      }
      const sum = tf.tidy(() => g.mul(tf.tensor4d(weights.slice(s, e), [e - s, 1, 1, 1])).sum(0));
      g.dispose();
      const v = (await sum.data()) as Float32Array;
      sum.dispose();
      await yieldToLoop();
      return v;
    },
    { onItem: (k, own, b) => reportShare(ctx, k, own, alphas.length, 'path points', own === ranges.length ? ranges[b][1] : undefined) },
  );
  ctx.signal.check();
  return tf.tensor(sumInOrder(parts, from.size), from.shape) as tf.Tensor4D;
}

export const integratedGradients: Method = {
  id: 'integrated-gradients',
  label: 'Integrated Gradients',
  family: 'gradient',
  paper: 'Sundararajan, Taly & Yan 2017, Axiomatic Attribution for Deep Networks (arXiv:1703.01365).',
  peers:
    "Differs from Captum 0.8: our trapezoid weights sum to 1; Captum's riemann_trapezoid uses step 1/n, so its weights sum to 1 − 1/n and its map is ours × (n−1)/n (weights=captum reproduces it); its completeness gap is larger",
  needsLayer: false,
  usesGradients: true,
  parallel: 'tfjs',
  params: [
    { name: 'steps', type: 'int', default: 50, min: 1, max: 1024, help: 'Points on the path from the baseline to the input (gradient evaluations).' },
    ...BASELINE_PARAMS,
    {
      name: 'rule',
      type: 'enum',
      default: 'gauss-legendre',
      options: ['riemann-trapezoid', 'gauss-legendre'],
      help: 'Quadrature rule; Gauss-Legendre converges faster on smooth paths.',
    },
    {
      name: 'weights',
      type: 'enum',
      default: 'sum-to-1',
      options: [...TRAPEZOID_WEIGHTS],
      help: "Trapezoid weights (rule=riemann-trapezoid only): sum-to-1 = step 1/(n−1), the textbook rule; captum = Captum's riemann_trapezoid, step 1/n on the same points (weights sum to 1 − 1/n, map = ours × (n−1)/n), to reproduce Captum figures.",
    },
    { name: 'batch', type: 'int', default: 16, min: 1, max: 256, help: 'Internal batch size: path points per forward/backward pass.' },
  ],
  async run(ctx) {
    ctx.signal.check();
    const {
      steps,
      rule,
      batch,
      baseline,
      baselineImage,
      weights: convention = 'sum-to-1',
    } = ctx.params as { steps: number; rule: string; batch: number; baseline: string; baselineImage: string; weights?: TrapezoidWeights };
    if (!isBaselineKind(baseline)) throw new StudioError('bad-param', `integrated-gradients: unknown baseline "${baseline}"`);
    // Refused rather than ignored: a user asking for Captum's numbers must not get ours silently.
    if (convention !== 'sum-to-1' && rule !== 'riemann-trapezoid')
      throw new StudioError(
        'bad-param',
        `integrated-gradients: weights=${convention} applies to rule=riemann-trapezoid only (Captum's Gauss-Legendre weights equal ours)`,
      );
    const [, h, w] = ctx.input.shape;
    const { alphas, weights } = rule === 'riemann-trapezoid' ? trapezoid(steps, convention) : gaussLegendre(steps);
    const from = baselineImage ? await loadBaselineImage(baselineImage, ctx.input, ctx.preprocess) : makeBaseline(baseline, ctx.input);
    const d = ctx.input.sub(from) as tf.Tensor4D;
    try {
      const sum = await pathGradientSum(ctx, from, d, alphas, weights, batch);
      const [map, total, scores] = tf.tidy(() => {
        const attr = d.mul(sum);
        sum.dispose();
        return [attr.sum(3).reshape([h, w]), attr.sum(), batchScore(ctx.model, tf.concat([ctx.input, from]), ctx.target)];
      });
      const [m, t, s] = await Promise.all([map.data(), total.data(), scores.data()]);
      tf.dispose([map, total, scores]);
      const diff = s[0] - s[1];
      const delta = t[0] - diff;
      return {
        map: m as Float32Array,
        shape: [h, w],
        extras: {
          delta,
          relativeDelta: Math.abs(delta) / Math.max(Math.abs(diff), 1e-12),
          scoreInput: s[0],
          scoreBaseline: s[1],
          baseline: baselineImage || baseline,
          rule,
          steps,
          ...(rule === 'riemann-trapezoid' ? { weights: convention } : {}),
        },
      };
    } finally {
      tf.dispose([from, d]);
    }
  },
};

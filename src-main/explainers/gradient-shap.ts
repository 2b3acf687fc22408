// GradientSHAP (Lundberg & Lee 2017; Captum's GradientShap), i.e. expected
// gradients: E over baselines x′ ~ B, α ~ U(0,1) and input noise ε of
// (x̃ − x′) ⊙ ∂S_c/∂x(x′ + α(x̃ − x′)), x̃ = x + ε. Summed over channels, signed.
// Each sample is one random point of one IG path, so the mean converges to the
// IG attribution averaged over the baseline distribution.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import { shareRanges, reportShare, sumInOrder } from './batches';
import { BASELINES, type BaselineKind, batchScore, channelRange, isBaselineKind, makeBaseline, rng, scoreGradient } from './baselines';
import type { Method } from './types';

export const gradientShap: Method = {
  id: 'gradient-shap',
  label: 'GradientSHAP',
  family: 'gradient',
  paper: 'Lundberg & Lee 2017, A Unified Approach to Interpreting Model Predictions (arXiv:1705.07874); Captum GradientShap',
  needsLayer: false,
  usesGradients: true,
  parallel: 'tfjs',
  params: [
    { name: 'samples', type: 'int', default: 32, min: 1, max: 1024, help: 'Random (baseline, α) draws, one gradient each.' },
    {
      name: 'baselines',
      type: 'string',
      default: 'black,white,blur,noise',
      help: `Comma-separated baseline kinds drawn uniformly (${BASELINES.join(', ')}); each noise draw is a fresh noise image.`,
    },
    { name: 'stdevs', type: 'float', default: 0, min: 0, max: 1, help: 'Gaussian noise added to the input, as a fraction of its value range.' },
    { name: 'seed', type: 'int', default: 0, min: 0, help: 'Seed for baselines, α and noise.' },
    { name: 'batch', type: 'int', default: 16, min: 1, max: 256, help: 'Internal batch size: samples per forward/backward pass.' },
  ],
  async run(ctx) {
    ctx.signal.check();
    const { samples: n, stdevs, seed, batch } = ctx.params as { samples: number; stdevs: number; seed: number; batch: number };
    const kinds = String(ctx.params.baselines)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = kinds.find((k) => !isBaselineKind(k));
    if (!kinds.length || bad)
      throw new StudioError('bad-param', `gradient-shap: baselines must list kinds among ${BASELINES.join(', ')}, got "${String(ctx.params.baselines)}"`);
    const x = ctx.input;
    const [, h, w] = x.shape;
    // Host-side draws: the same seed gives the same samples at any batch size.
    const r = rng(seed);
    const draws = Array.from({ length: n }, (_, i) => ({
      kind: kinds[Math.floor(r() * kinds.length)] as BaselineKind,
      alpha: r(),
      seed: seed * 100003 + i + 1,
    }));
    const fixed = new Map<BaselineKind, tf.Tensor4D>();
    const sigma = tf.tidy(() => {
      const [lo, hi] = channelRange(x);
      return hi.max().sub(lo.min()).mul(stdevs);
    });
    const sig = (await sigma.data())[0];
    sigma.dispose();
    try {
      for (const k of new Set(draws.map((d) => d.kind))) if (k !== 'noise') fixed.set(k, makeBaseline(k, x));
      // Batches may run in other engine workers (core/share.ts); their sums are merged in batch order.
      const ranges = shareRanges(n, batch);
      const parts = await sharedMap(
        ranges.length,
        async (b) => {
          ctx.signal.check();
          const part = draws.slice(...ranges[b]);
          const [dx, at, sdT] = tf.tidy(() => {
            const base = tf.concat(part.map((d) => (d.kind === 'noise' ? makeBaseline('noise', x, d.seed) : fixed.get(d.kind)!)));
            const xs = sig > 0 ? tf.concat(part.map((d) => x.add(tf.randomNormal(x.shape, 0, sig, 'float32', d.seed)))) : tf.concat(part.map(() => x));
            const al = tf.tensor4d(
              part.map((d) => d.alpha),
              [part.length, 1, 1, 1],
            );
            const diff = xs.sub(base) as tf.Tensor4D;
            const sd = batchScore(ctx.model, xs as tf.Tensor4D, ctx.target)
              .sub(batchScore(ctx.model, base as tf.Tensor4D, ctx.target))
              .sum();
            return [diff, base.add(diff.mul(al)) as tf.Tensor4D, sd];
          });
          let g: tf.Tensor4D;
          try {
            g = await scoreGradient(ctx.model, at, ctx.target);
          } finally {
            at.dispose();
          }
          const gs = tf.tidy(() => dx.mul(g).sum(0));
          tf.dispose([g, dx]);
          const [gv, sv] = await Promise.all([gs.data(), sdT.data()]);
          tf.dispose([gs, sdT]);
          await yieldToLoop();
          return { g: gv as Float32Array, sd: sv[0] };
        },
        { onItem: (k, own, b) => reportShare(ctx, k, own, n, 'samples', own === ranges.length ? ranges[b][1] : undefined) },
      );
      ctx.signal.check();
      const acc = sumInOrder(
        parts.map((q) => q.g),
        x.size,
      );
      let scoreDiff = 0;
      for (const q of parts) scoreDiff = Math.fround(scoreDiff + q.sd);
      const m = new Float32Array(h * w);
      const c = x.shape[3];
      let t = 0;
      for (let j = 0; j < h * w; j++) {
        let v = 0;
        for (let k = 0; k < c; k++) v += acc[j * c + k] / n;
        m[j] = v;
        t += m[j];
      }
      const sd = [scoreDiff];
      const expected = sd[0] / n;
      const delta = t - expected;
      // delta → 0 as samples grow (exactly 0 for a linear model at any count).
      return {
        map: m,
        shape: [h, w],
        extras: { delta, relativeDelta: Math.abs(delta) / Math.max(Math.abs(expected), 1e-12), expectedScoreDiff: expected, samples: n },
      };
    } finally {
      tf.dispose([...fixed.values()]);
    }
  },
};

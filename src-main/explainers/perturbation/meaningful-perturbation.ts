// Meaningful perturbation (Fong & Vedaldi 2017), the deletion game: learn the
// smallest mask m (1 = keep) whose deletion — x ⊙ m + blur(x) ⊙ (1 − m) —
// drops the target score:  min λ1·mean(1 − m) + λTV·TV_β(m) + S_c(Φ(x(· − τ), m)),
// with m a low-resolution grid (28×28 as the paper) upsampled bilinearly, Adam,
// m clamped to [0, 1] after each step, and jitter: each step the input (and its
// blurred copy) is shifted circularly by a random τ of up to `jitter` pixels
// while the mask stays put. The map is 1 − m upsampled (1 = deleted = important).
// Documented choices: the L1 and TV terms are means over the mask (so the
// weights mean the same at any mask size) with the widely used PyTorch port's
// weights (0.01, 0.2, β = 3); the score is the softmax probability by default,
// as the paper.
//
// `gradientFilter` adds the defence of FGVis (Wagner et al. 2019) against
// adversarial masks: the explanation may only remove evidence, so every
// ReLU-family unit's perturbed activation must stay between 0 and the
// original one, h(e) ∈ [min(h(x),0), max(h(x),0)] — a mask can no longer lower
// the score by creating activations the image does not have. FGVis enforces it
// by filtering gradients in the backward pass. Documented difference: where a
// reference implementation zeroes the whole gradient of a unit outside the
// bounds, we zero only the part that pushes outward at or beyond a bound (so
// the optimiser can also undo a violation; with Adam's momentum a one-step
// overshoot would otherwise persist). Reference activations come from the same
// (jittered) original, evaluated in the same batch as the perturbed input.
// It rewrites backward passes, so it needs a model that supports backward rules.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../../core/jobs';
import { ordinaryGrad, requireBackwardRules, type BackwardRule } from '../../model/backward-rules';
import { roll } from '../../numerics/image-ops';
import { mulberry32 } from '../../shared/random';
import type { Method } from '../types';
import { fillParam, hiddenImage, outputParam, seedParam, targetScore, type Output } from './common';
import { composite } from './fill';
import { interpRows } from './rise';

/**
 * FGVis: the perturbed activation (batch row 1) must stay within [min(h(x),0),
 * max(h(x),0)] of the original (row 0). The gradient arriving at a unit is
 * zeroed where a descent step would push the activation outward at or beyond a
 * bound (at the upper bound with dy < 0, at the lower with dy > 0).
 */
export const fgvisRule: BackwardRule = {
  name: 'fgvis-gradient-filter',
  backward: ({ site, x, y, dy, grad }) => {
    if (site.kind === 'other') return grad();
    return tf.tidy(() => {
      const ref = y.slice(0, 1);
      const up = tf.logicalAnd(y.greaterEqual(tf.maximum(ref, 0)), dy.less(0));
      const down = tf.logicalAnd(y.lessEqual(tf.minimum(ref, 0)), dy.greater(0));
      return ordinaryGrad(site, x, dy.mul(tf.logicalNot(tf.logicalOr(up, down)).cast('float32')));
    });
  },
};

/** Bilinear (half-pixel) upsampling matrix [out, in]. */
function upMatrix(out: number, inp: number): tf.Tensor2D {
  const r = new Float32Array(out * inp);
  interpRows(out, inp, out, 0, r);
  return tf.tensor2d(r, [out, inp]);
}

/** Σ |Δm|^β over vertical and horizontal neighbours, each as a mean. */
function tv(m: tf.Tensor2D, beta: number): tf.Scalar {
  const [a, b] = m.shape;
  const terms: tf.Scalar[] = [];
  if (a > 1)
    terms.push(
      m
        .slice([1, 0], [a - 1, b])
        .sub(m.slice([0, 0], [a - 1, b]))
        .abs()
        .pow(beta)
        .mean(),
    );
  if (b > 1)
    terms.push(
      m
        .slice([0, 1], [a, b - 1])
        .sub(m.slice([0, 0], [a, b - 1]))
        .abs()
        .pow(beta)
        .mean(),
    );
  return terms.length ? (tf.addN(terms) as tf.Scalar) : tf.scalar(0);
}

export const meaningfulPerturbation: Method = {
  id: 'meaningful-perturbation',
  label: 'Meaningful perturbation',
  family: 'perturbation',
  paper:
    'Fong & Vedaldi 2017, Interpretable Explanations of Black Boxes by Meaningful Perturbation (arXiv:1704.03296); gradient filter: Wagner et al. 2019, Interpretable and Fine-Grained Visual Explanations for Convolutional Neural Networks (CVPR)',
  needsLayer: false,
  usesGradients: true,
  params: [
    { name: 'iterations', type: 'int', default: 300, min: 1, max: 10000, help: 'Adam steps on the mask.' },
    { name: 'l1', type: 'float', default: 0.01, min: 0, max: 100, help: 'Weight λ1 of the deleted area, mean(1 − m).' },
    { name: 'tv', type: 'float', default: 0.2, min: 0, max: 100, help: 'Weight λTV of the total variation mean |∇m|^β.' },
    { name: 'tvBeta', type: 'float', default: 3, min: 1, max: 10, help: 'Exponent β of the total variation.' },
    { name: 'lr', type: 'float', default: 0.1, min: 1e-4, max: 10, help: 'Adam learning rate.' },
    {
      name: 'maskSize',
      type: 'int',
      default: 28,
      min: 1,
      max: 1024,
      help: 'Side of the learned mask grid before bilinear upsampling (at most the input side).',
    },
    { name: 'jitter', type: 'int', default: 4, min: 0, max: 64, help: 'Largest random circular shift of the input per step, in pixels (0 = none).' },
    {
      name: 'gradientFilter',
      type: 'bool',
      default: false,
      help: 'FGVis defence: pass gradients only where the perturbed activation stays between 0 and the original (LayersModels).',
    },
    fillParam('blur'),
    outputParam('probability'),
    seedParam,
  ],
  async run(ctx) {
    ctx.signal.check();
    const p = ctx.params as {
      iterations: number;
      l1: number;
      tv: number;
      tvBeta: number;
      lr: number;
      maskSize: number;
      jitter: number;
      gradientFilter: boolean;
      output: Output;
      seed: number;
    };
    const [, h, w] = ctx.input.shape;
    if (p.gradientFilter) requireBackwardRules(ctx.model, 'meaningful-perturbation with gradientFilter');
    const [mh, mw] = [Math.min(p.maskSize, h), Math.min(p.maskSize, w)];
    const rand = mulberry32(p.seed);
    const hidden = hiddenImage(ctx, p.seed);
    const [ry, rx] = [upMatrix(h, mh), upMatrix(w, mw)];
    const ones = tf.ones([mh, mw]) as tf.Tensor2D;
    const m = tf.variable(ones); // a copy: the initial value is ours to free
    ones.dispose();
    const opt = tf.train.adam(p.lr);
    const up = (mask: tf.Tensor2D): tf.Tensor4D => tf.matMul(tf.matMul(ry, mask), rx, false, true).reshape([1, h, w, 1]);
    try {
      for (let it = 0; it < p.iterations; it++) {
        const [dy, dx] = p.jitter ? [Math.floor(rand() * (2 * p.jitter + 1)) - p.jitter, Math.floor(rand() * (2 * p.jitter + 1)) - p.jitter] : [0, 0];
        const step = (): void =>
          tf.tidy(() => {
            const xs = roll(ctx.input, dy, dx);
            const hs = roll(hidden, dy, dx);
            opt.minimize(
              () => {
                const e = composite(xs, hs, up(m));
                const score = p.gradientFilter
                  ? targetScore(ctx.model, tf.concat([xs, e]), ctx.target, p.output).slice(1, 1)
                  : targetScore(ctx.model, e, ctx.target, p.output);
                return score.sum().add(tf.sub(1, m).mean().mul(p.l1)).add(tv(m, p.tvBeta).mul(p.tv)) as tf.Scalar;
              },
              false,
              [m],
            );
            m.assign(m.clipByValue(0, 1) as tf.Tensor2D);
          });
        if (p.gradientFilter) ctx.model.withBackwardRule(fgvisRule, step);
        else step();
        ctx.progress(it + 1, p.iterations, `mask step ${it + 1}/${p.iterations}`);
        await yieldToLoop();
        ctx.signal.check();
      }
      const [map, scores, area] = tf.tidy(() => {
        const M = up(m);
        const del = tf.sub(1, M);
        const s = targetScore(ctx.model, tf.concat([ctx.input, composite(ctx.input, hidden, M)]), ctx.target, p.output);
        return [del.reshape([h * w]), s, del.mean()];
      });
      const [mv, sv, av] = await Promise.all([map.data(), scores.data(), area.data()]);
      tf.dispose([map, scores, area]);
      return {
        map: mv as Float32Array,
        shape: [h, w],
        extras: { scoreInput: sv[0], scoreDeleted: sv[1], deletedArea: av[0], iterations: p.iterations, gradientFilter: p.gradientFilter ? 1 : 0 },
      };
    } finally {
      opt.dispose();
      tf.dispose([hidden, ry, rx, m]);
    }
  },
};

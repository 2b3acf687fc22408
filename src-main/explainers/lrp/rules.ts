// Relevance rules for one linear map z = f(x; W) + b (Dense, Conv2D,
// DepthwiseConv2D, a BN-folded conv). Each rule is "gradient × input" with a
// modified weight: R_in = Σ_t c_t · u_t ⊙ (∂/∂x Σ f(x; W_t) ⊙ s_t), where
// s = R / z_t (Bach et al. 2015; Montavon et al. 2019, "Layer-wise relevance
// propagation: an overview"). f is linear in x, so the vector-Jacobian product
// is tf.grad of f at any point.
import * as tf from '@tensorflow/tfjs';

export type LinearRule =
  | { kind: 'epsilon'; epsilon: number }
  | { kind: 'gamma'; gamma: number }
  | { kind: 'alphabeta'; alpha: number; beta: number }
  | { kind: 'zplus' }
  | { kind: 'flat' }
  | { kind: 'w2' }
  | { kind: 'zb'; low: number; high: number };

/** A linear map without its bias; `bias` is broadcast over the output's last axis. */
export interface LinearMap {
  apply(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor;
  kernel: tf.Tensor;
  bias: tf.Tensor | null;
}

/** Stabiliser that keeps the sign of z (sign(0) = +1), so 1/z never flips. */
export function stabilise(z: tf.Tensor, eps: number): tf.Tensor {
  return z.add(tf.where(z.greaterEqual(0), tf.scalar(eps), tf.scalar(-eps)));
}

const TINY = 1e-9;

/** Relevance at the input x of `map` for relevance R at its (pre-activation) output. */
export function linearRelevance(map: LinearMap, x: tf.Tensor, R: tf.Tensor, rule: LinearRule): tf.Tensor {
  return tf.tidy(() => {
    const f = (u: tf.Tensor, k: tf.Tensor): tf.Tensor => map.apply(u, k);
    // ∂/∂x Σ f(x; k) ⊙ s: the transpose of the linear map applied to s.
    const back = (k: tf.Tensor, s: tf.Tensor): tf.Tensor => tf.grad((u: tf.Tensor) => f(u, k).mul(s).sum())(x);
    const W = map.kernel;
    const Wp = tf.relu(W);
    const Wn = tf.minimum(W, 0);
    switch (rule.kind) {
      case 'epsilon': {
        // z includes the bias: the relevance it absorbs is lost (not conserved).
        let z = f(x, W);
        if (map.bias) z = z.add(map.bias);
        return x.mul(back(W, R.div(stabilise(z, Math.max(rule.epsilon, TINY)))));
      }
      case 'gamma': {
        // ρ(w) = w + γw⁺ favours the contributions that share the sign of z
        // (sign-aware form, as in zennit, so LeakyReLU inputs cannot flip a
        // denominator); bias ignored, so relevance is conserved. γ=0 is LRP-0.
        const xp = tf.relu(x);
        const xn = tf.minimum(x, 0);
        const Wa = W.add(Wp.mul(rule.gamma));
        const Wb = W.add(Wn.mul(rule.gamma));
        const up = f(x, W).greaterEqual(0);
        const sp = tf.where(up, R.div(stabilise(f(xp, Wa).add(f(xn, Wb)), TINY)), tf.zerosLike(R));
        const sn = tf.where(up, tf.zerosLike(R), R.div(stabilise(f(xp, Wb).add(f(xn, Wa)), TINY)));
        return xp.mul(back(Wa, sp).add(back(Wb, sn))).add(xn.mul(back(Wb, sp).add(back(Wa, sn))));
      }
      case 'zplus': {
        // Montavon's z⁺ for non-negative inputs (post-ReLU); the bias is ignored.
        return x.mul(back(Wp, R.div(f(x, Wp).add(TINY))));
      }
      case 'alphabeta': {
        // Sign-aware split: positive contributions x⁺w⁺ + x⁻w⁻, negative x⁺w⁻ + x⁻w⁺;
        // bias ignored. A neuron whose contributions all share one sign sends its
        // relevance through that side alone, so Σ R_in = (α − β) Σ R = Σ R always.
        const xp = tf.relu(x);
        const xn = tf.minimum(x, 0);
        const zp = f(xp, Wp).add(f(xn, Wn));
        const zn = f(xp, Wn).add(f(xn, Wp));
        const a = tf.where(zn.less(0), tf.scalar(rule.alpha), tf.scalar(1));
        const b = tf.where(zp.greater(0), tf.scalar(rule.beta), tf.scalar(-1));
        const sp = R.mul(a).div(zp.add(TINY));
        const sn = R.mul(b).div(zn.sub(TINY));
        const pos = xp.mul(back(Wp, sp)).add(xn.mul(back(Wn, sp)));
        return pos.sub(xp.mul(back(Wn, sn)).add(xn.mul(back(Wp, sn))));
      }
      case 'flat':
      case 'w2': {
        // Input-independent: relevance spread by 1 (flat) or w² over the receptive field.
        const K = rule.kind === 'flat' ? tf.onesLike(W) : W.square();
        const ones = tf.onesLike(x);
        return back(K, R.div(f(ones, K).add(TINY)));
      }
      case 'zb': {
        // z^B (Montavon et al. 2017) for inputs bounded in [low, high].
        const lo = tf.fill(x.shape, rule.low);
        const hi = tf.fill(x.shape, rule.high);
        const z = f(x, W).sub(f(lo, Wp)).sub(f(hi, Wn));
        const s = R.div(stabilise(z, TINY));
        return x
          .mul(back(W, s))
          .sub(lo.mul(back(Wp, s)))
          .sub(hi.mul(back(Wn, s)));
      }
    }
  });
}

// Layer-wise Relevance Propagation (Bach et al. 2015; rules after Montavon et
// al. 2019): the target's pre-softmax score is redistributed layer by layer
// down to the input pixels. Works on a LayersModel only (it needs the layers'
// weights); the graph walk, the rules and BN folding live in ./lrp/.
// The αβ and γ rules are sign-aware, as in zennit (see lrp/rules.ts); Captum's
// only clamp the weights, and its γ uses w + γw⁺ for every neuron, which can
// blow up (relevance sum 3.4e14 × the score on one photo).
import * as tf from '@tensorflow/tfjs';
import type { Method } from './types';
import { FIRST_RULES, RULES, propagate, total, type LrpOptions } from './lrp/propagate';

export const lrp: Method = {
  id: 'lrp',
  label: 'Layer-wise Relevance Propagation',
  family: 'gradient',
  paper: 'Bach et al. 2015, On Pixel-Wise Explanations by Layer-Wise Relevance Propagation (PLoS ONE 10(7)); Montavon et al. 2019, LRP: an overview.',
  peers:
    'Differs from Captum 0.8: sign-aware rules as in zennit — in α1β0 a neuron with no positive contribution sends its relevance through the negative side, and γ uses w + γw⁻ where Wx < 0; Captum clamps weights only and its γ uses w + γw⁺ for every neuron (relevance sum 3.4e14 × the score on one photo)',
  needsLayer: false,
  usesGradients: true,
  params: [
    {
      name: 'rule',
      type: 'enum',
      default: 'composite',
      options: [...RULES],
      help: 'composite: firstRule on the first layer, α1β0 on convolutions, ε on dense layers. epsilon: ε everywhere (ε→0 is Gradient×Input). gamma: w + γw⁺ where z ≥ 0, w + γw⁻ where z < 0 (sign-aware, as zennit). alpha1-beta0 / alpha2-beta1: αβ with the sign of each contribution. zplus: w⁺ only, for non-negative (post-ReLU) inputs',
    },
    {
      name: 'epsilon',
      type: 'float',
      default: 0.01,
      min: 0,
      max: 100,
      help: 'ε of the ε rule: added to each pre-activation with its sign; absorbs weak or contradictory relevance (larger = sparser map)',
    },
    { name: 'gamma', type: 'float', default: 0.25, min: 0, max: 100, help: 'γ of the γ rule (weight on the positive weights)' },
    {
      name: 'firstRule',
      type: 'enum',
      default: 'zb',
      options: [...FIRST_RULES],
      help: "composite rule for the first linear layer: zb (bounded by the input's min and max), w2 (w²) or flat (uniform over the receptive field)",
    },
  ],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const opts = ctx.params as unknown as LrpOptions;
    const out = await propagate(ctx.model, ctx.input, ctx.target, opts, { signal: ctx.signal, progress: (d, t) => ctx.progress(d, t) });
    // Signed relevance summed over colour channels.
    const map = tf.tidy(() => out.relevance.sum(3).reshape([h, w]));
    const rIn = total(out.relevance);
    out.relevance.dispose();
    const data = (await map.data()) as Float32Array;
    map.dispose();
    return { map: data, shape: [h, w], extras: { conservation: rIn / out.rOut, rule: opts.rule } };
  },
};

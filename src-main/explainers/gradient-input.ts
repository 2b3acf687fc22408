// Gradient × Input (Shrikumar et al. 2016, "Not Just a Black Box"): x ⊙ ∂S_c/∂x,
// signed, summed over colour channels. For a linear score it is each pixel's
// exact contribution w·x; it is also IG's one-step limit with a zero baseline.
import * as tf from '@tensorflow/tfjs';
import { scoreGradient } from './baselines';
import type { Method } from './types';

export const gradientInput: Method = {
  id: 'gradient-input',
  label: 'Gradient × Input',
  family: 'gradient',
  paper: 'Shrikumar, Greenside, Shcherbina & Kundaje 2016, Not Just a Black Box (arXiv:1605.01713)',
  needsLayer: false,
  usesGradients: true,
  params: [],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const g = await scoreGradient(ctx.model, ctx.input, ctx.target);
    const map = tf.tidy(() => g.mul(ctx.input).sum(3).reshape([h, w]));
    g.dispose();
    const data = (await map.data()) as Float32Array;
    map.dispose();
    ctx.progress(1, 1);
    return { map: data, shape: [h, w] };
  },
};

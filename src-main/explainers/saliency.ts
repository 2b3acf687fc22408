// Gradient saliency (Simonyan, Vedaldi & Zisserman 2013): |∂S_c/∂x|, the
// maximum over colour channels, with S_c the unnormalised class score.
import * as tf from '@tensorflow/tfjs';
import type { Method } from './types';

/** ∂S_target/∂x for an [n,h,w,c] batch (rows independent); the caller disposes the result. */
export function classScoreGradient(logits: (x: tf.Tensor4D) => tf.Tensor2D, input: tf.Tensor4D, target: number): tf.Tensor4D {
  return tf.tidy(() => {
    // A one-hot product rather than gather: its gradient needs no scatter kernel.
    const pick = (x: tf.Tensor): tf.Scalar => {
      const l = logits(x as tf.Tensor4D);
      return l.mul(tf.oneHot([target], l.shape[1])).sum() as tf.Scalar;
    };
    return tf.grad(pick)(input) as tf.Tensor4D;
  });
}

export const saliency: Method = {
  id: 'saliency',
  label: 'Gradient saliency',
  family: 'gradient',
  paper: 'Simonyan, Vedaldi & Zisserman 2013, Deep Inside Convolutional Networks (arXiv:1312.6034)',
  needsLayer: false,
  usesGradients: true,
  params: [],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    // On the model's fastest gradient runtime (Classifier.fastInputGradient), else tfjs.
    const g = (await ctx.model.fastInputGradient?.(ctx.input, ctx.target)) ?? classScoreGradient((x) => ctx.model.logits(x), ctx.input, ctx.target);
    const map = tf.tidy(() => g.abs().max(3).reshape([h, w]));
    g.dispose();
    const data = (await map.data()) as Float32Array;
    map.dispose();
    ctx.progress(1, 1);
    return { map: data, shape: [h, w] };
  },
};

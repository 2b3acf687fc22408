// Pieces every perturbation method shares: the parameters that mean the same
// thing everywhere (fill, output, batch, seed), the score of a batch of
// perturbed inputs, and masks built from binary feature vectors.
import * as tf from '@tensorflow/tfjs';
import type { ParamSpec } from '../../api/types';
import type { Classifier } from '../../model/classifier';
import { forwardLogits } from '../../model/forward';
import { probabilities } from '../../model/head';
import { batchScore } from '../baselines';
import type { ExplainContext } from '../types';
import { FILL_HELP, fillImage, parseFill } from './fill';

export const OUTPUTS = ['logit', 'probability'] as const;
export type Output = (typeof OUTPUTS)[number];

export const fillParam = (def: string): ParamSpec => ({ name: 'fill', type: 'string', default: def, help: FILL_HELP });
export const outputParam = (def: Output): ParamSpec => ({
  name: 'output',
  type: 'enum',
  default: def,
  options: [...OUTPUTS],
  help: 'Score of the perturbed inputs: the pre-softmax logit of the target (as every other method here) or its softmax probability (as the papers).',
});
export const batchParam: ParamSpec = {
  name: 'batch',
  type: 'int',
  default: 32,
  min: 1,
  max: 512,
  help: 'Internal batch size: perturbed inputs per forward pass.',
};
export const seedParam: ParamSpec = {
  name: 'seed',
  type: 'int',
  default: 0,
  min: 0,
  max: 2 ** 31 - 1,
  help: 'Seed of every random draw: the same seed gives the same map.',
};

/**
 * targetScore on the fastest runtime (model/forward.ts): forward-only passes
 * (occlusion, RISE, LIME, KernelSHAP, Score-CAM's masked inputs) go here.
 */
export async function forwardTargetScore(model: Classifier, xs: tf.Tensor4D, target: number, output: Output): Promise<tf.Tensor1D> {
  const l = await forwardLogits(model, xs);
  try {
    return tf.tidy(() => {
      const s = output === 'logit' ? l : probabilities(model.head, l);
      return s.mul(tf.oneHot([target], s.shape[1])).sum(1) as tf.Tensor1D;
    });
  } finally {
    l.dispose();
  }
}

/** The target's score for each row of an [n,h,w,c] batch, as [n]; differentiable. */
export function targetScore(model: Classifier, xs: tf.Tensor4D, target: number, output: Output): tf.Tensor1D {
  if (output === 'logit') return batchScore(model, xs, target);
  return tf.tidy(() => {
    const p = probabilities(model.head, model.logits(xs));
    return p.mul(tf.oneHot([target], p.shape[1])).sum(1) as tf.Tensor1D;
  });
}

/** The fully hidden input for ctx and its `fill` param (validated here, so a bad one names itself). */
export function hiddenImage(ctx: ExplainContext, seed: number): tf.Tensor4D {
  return fillImage(ctx.input, parseFill(String(ctx.params.fill)), { preprocess: ctx.preprocess, seed });
}

/**
 * Per-pixel keep masks [n,h,w,1] from binary feature vectors z [n,K] and a
 * pixel → feature label map [h·w] (int32): pixel p is visible in row i when z[i, label(p)] = 1.
 */
export function keepFromFeatures(z: tf.Tensor2D, labels: tf.Tensor1D, h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => tf.gather(z, labels, 1).reshape([z.shape[0], h, w, 1]) as tf.Tensor4D);
}

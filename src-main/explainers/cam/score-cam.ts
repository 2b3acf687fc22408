// Score-CAM (Wang et al. 2020): no gradients. Each channel A_k, upsampled to
// the input and min-max normalised to [0,1], masks the input; the masked
// input's target score weighs the channel. The paper weighs by the increase in
// confidence; like pytorch-grad-cam (score_cam.py) we use softmax over k of the
// masked inputs' target LOGITS — shift-invariant, so no baseline pass is needed
// — and the map is ReLU(Σ_k w_k A_k) through the CAM template.
import * as tf from '@tensorflow/tfjs';
import { batchScore } from '../baselines';
import { scoreInBatches } from '../batches';
import { maskedInputs } from './masked-batches';
import { camMethod, type CamInputs, type CamVariant } from './template';

/** S_c(x ⊙ mask_k) for every channel k, `batch` masked inputs per forward pass: [K] on the host. */
export function maskedScores(inp: CamInputs, batch: number): Promise<Float32Array> {
  const { ctx, A, upsample, normalise } = inp;
  return scoreInBatches(
    ctx,
    A.shape[3],
    batch,
    (s, e) => maskedInputs(ctx.input, A, s, e, upsample, normalise),
    (xs) => batchScore(ctx.model, xs as tf.Tensor4D, ctx.target),
    'masked forward passes',
  );
}

/** Softmax over channels of the masked scores (computed in float64 for large logits). */
export function softmaxWeights(scores: Float32Array): Float32Array {
  const m = Math.max(...scores);
  const e = Array.from(scores, (s) => Math.exp(s - m));
  const z = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (v) => v / z);
}

export const scorecamVariant: CamVariant = {
  gradients: false,
  weights: async (inp) => tf.tensor1d(softmaxWeights(await maskedScores(inp, inp.ctx.params.batch as number))),
};

export const scorecam = camMethod(
  {
    id: 'scorecam',
    label: 'Score-CAM',
    paper: 'Wang et al. 2020, Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural Networks (arXiv:1910.01279)',
    usesGradients: false,
    params: [{ name: 'batch', type: 'int', default: 32, min: 1, max: 512, help: 'Internal batch size: masked inputs per forward pass (one per channel of the layer in all).' }],
  },
  scorecamVariant,
);

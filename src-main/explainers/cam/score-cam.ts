// Score-CAM (Wang et al. 2020): no gradients. Each channel A_k, upsampled to
// the input and min-max normalised to [0,1], masks the input; the masked
// input's target score weighs the channel. The paper weighs by the increase in
// confidence; like pytorch-grad-cam (score_cam.py) we use softmax over k of the
// masked inputs' target LOGITS — shift-invariant, so no baseline pass is needed
// — and the map is ReLU(Σ_k w_k A_k) through the CAM template.
// Masks are upsampled with half-pixel centres, as the Score-CAM authors' code
// (F.interpolate, align_corners=False). pytorch-grad-cam upsamples them with
// UpsamplingBilinear2d, i.e. align-corners; `upsample=align-corners` gives
// that. The choice moves every mask by a fraction of a cell, and the softmax
// over masked logits amplifies it: Pearson 0.865 between the two on Darknet's
// 1000-channel layer, 0.99+ on the digits CNN (16 channels). The final map is
// upsampled half-pixel either way (pytorch-grad-cam's cv2.resize).
import * as tf from '@tensorflow/tfjs';
import { forwardTargetScore } from '../perturbation/common';
import { scoreInBatchesAsync } from '../batches';
import { maskedInputs } from './masked-batches';
import { camMethod, type CamInputs, type CamVariant } from './template';

export const MASK_UPSAMPLING = ['half-pixel', 'align-corners'] as const;
export type MaskUpsampling = (typeof MASK_UPSAMPLING)[number];

/** [n,h,w,c] → [n,H,W,c] bilinear: half-pixel centres, or align-corners (corner cells map exactly onto corner pixels). */
export function maskUpsampler(mode: MaskUpsampling, size: [number, number], halfPixel: (m: tf.Tensor4D) => tf.Tensor4D): (m: tf.Tensor4D) => tf.Tensor4D {
  return mode === 'align-corners' ? (m) => tf.image.resizeBilinear(m, size, true, false) : halfPixel;
}

/** S_c(x ⊙ mask_k) for every channel k, `batch` masked inputs per forward pass: [K] on the host. */
export function maskedScores(inp: CamInputs, batch: number, mode: MaskUpsampling = 'half-pixel'): Promise<Float32Array> {
  const { ctx, A, normalise } = inp;
  const upsample = maskUpsampler(mode, inp.inputSize, inp.upsample);
  return scoreInBatchesAsync(
    ctx,
    A.shape[3],
    batch,
    (s, e) => maskedInputs(ctx.input, A, s, e, upsample, normalise),
    (xs) => forwardTargetScore(ctx.model, xs as tf.Tensor4D, ctx.target, 'logit'),
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
  weights: async (inp) =>
    tf.tensor1d(
      softmaxWeights(await maskedScores(inp, inp.ctx.params.batch as number, (inp.ctx.params.upsample as MaskUpsampling | undefined) ?? 'half-pixel')),
    ),
};

export const scorecam = camMethod(
  {
    id: 'scorecam',
    label: 'Score-CAM',
    paper: 'Wang et al. 2020, Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural Networks (arXiv:1910.01279).',
    peers:
      "Differs from pytorch-grad-cam 1.5.5: masks are upsampled with half-pixel centres (as the authors' code), not align-corners; the softmax amplifies it (Pearson 0.865 on Darknet's 1000-channel layer, 0.99+ on the digits CNN); upsample=align-corners reproduces it",
    usesGradients: false,
    parallel: 'forward',
    params: [
      {
        name: 'batch',
        type: 'int',
        default: 32,
        min: 1,
        max: 512,
        help: 'Internal batch size: masked inputs per forward pass (one per channel of the layer in all).',
      },
      {
        name: 'upsample',
        type: 'enum',
        default: 'half-pixel',
        options: [...MASK_UPSAMPLING],
        help: "Bilinear upsampling of the channel masks: half-pixel centres (the Score-CAM authors' code, cv2.resize) or align-corners (pytorch-grad-cam's UpsamplingBilinear2d), to reproduce its figures.",
      },
    ],
  },
  scorecamVariant,
);

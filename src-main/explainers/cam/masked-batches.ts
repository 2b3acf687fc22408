// Perturbations for the perturbation CAMs (Score-CAM, Ablation-CAM); the
// batched scoring loop they run in is ../batches.ts.
import * as tf from '@tensorflow/tfjs';

/** A [n,1,1,K] tensor with 1 everywhere except a 0 at channel start+i of row i. */
export function ablationMask(start: number, end: number, channels: number): tf.Tensor4D {
  return tf.tidy(() => {
    const idx = tf.range(start, end, 1, 'int32');
    return tf.sub(1, tf.oneHot(idx, channels).toFloat()).reshape([end - start, 1, 1, channels]) as tf.Tensor4D;
  });
}

/** Activations [1,h,w,K] repeated for channels start..end−1, each row with its channel zeroed: [n,h,w,K]. */
export function ablatedActivations(acts: tf.Tensor4D, start: number, end: number): tf.Tensor4D {
  return tf.tidy(() => acts.mul(ablationMask(start, end, acts.shape[3])) as tf.Tensor4D);
}

/**
 * Score-CAM masks for channels start..end−1 of acts [1,h,w,K]: each channel
 * upsampled to the input size and min-max normalised to [0,1] by the CAM
 * template's own `upsample` and `normalise` (a constant channel gives an
 * all-zero mask), applied to input [1,H,W,C]: [n,H,W,C].
 */
export function maskedInputs(
  input: tf.Tensor4D,
  acts: tf.Tensor4D,
  start: number,
  end: number,
  upsample: (m: tf.Tensor4D) => tf.Tensor4D,
  normalise: (m: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = acts.shape;
    const chans = acts.slice([0, 0, 0, start], [1, h, w, end - start]).transpose([3, 1, 2, 0]) as tf.Tensor4D; // [n,h,w,1]
    return input.mul(normalise(upsample(chans))) as tf.Tensor4D;
  });
}

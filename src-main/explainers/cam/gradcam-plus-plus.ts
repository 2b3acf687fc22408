// Grad-CAM++ (Chattopadhyay et al. 2018): pixel-wise weights α from second and
// third powers of the gradient (the exponential-score closed form), then
// w_k = Σ_ij α_kij ReLU(∂S_c/∂A_kij). Anchor: pytorch-grad-cam grad_cam_plusplus.py.
// Its denominator ε is 1e-6; ours is 1e-7 (`eps`), which changes α only where
// 2g² + ΣA·g³ is tiny — up to 13% max relative on Darknet's leaky_re_lu_15.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

export const GRADCAM_PP_EPS = 1e-7;

/** Grad-CAM++ weights per row: A, grads [n,h,w,K] → [n,K]. */
export function gradcamPlusPlusWeights(A: tf.Tensor4D, grads: tf.Tensor4D, eps = GRADCAM_PP_EPS): tf.Tensor2D {
  return tf.tidy(() => {
    const g2 = grads.square();
    const g3 = g2.mul(grads);
    const sumA = A.sum([1, 2], true);
    const denom = g2.mul(2).add(sumA.mul(g3)).add(eps);
    // α is 0 where the gradient is 0 (pytorch-grad-cam's np.where(grads != 0, ...)).
    const alpha = g2.div(denom).mul(grads.notEqual(0).toFloat());
    return alpha.mul(grads.relu()).sum([1, 2]) as tf.Tensor2D;
  });
}

export const gradcamPlusPlus = camMethod(
  {
    id: 'gradcam-plus-plus',
    label: 'Grad-CAM++',
    paper:
      'Chattopadhyay, Sarkar, Howlader & Balasubramanian 2018, Grad-CAM++: Improved Visual Explanations for Deep Convolutional Networks (arXiv:1710.11063).',
    peers: 'Differs from pytorch-grad-cam 1.5.5: denominator ε 1e-7, not 1e-6 (up to 13% max relative on Darknet leaky_re_lu_15); eps=1e-6 reproduces it',
    params: [
      {
        name: 'eps',
        type: 'float',
        default: GRADCAM_PP_EPS,
        min: 1e-12,
        max: 1,
        help: 'ε added to the denominator 2g² + ΣA·g³ of α; it matters only where that is small. 1e-7 here, 1e-6 in pytorch-grad-cam (set it to reproduce its figures).',
      },
    ],
  },
  {
    weights: ({ ctx, A, grads }) =>
      tf.tidy(() => gradcamPlusPlusWeights(A, grads!, (ctx.params.eps as number | undefined) ?? GRADCAM_PP_EPS).squeeze([0]) as tf.Tensor1D),
  },
);

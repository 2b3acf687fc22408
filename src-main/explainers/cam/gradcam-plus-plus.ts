// Grad-CAM++ (Chattopadhyay et al. 2018): pixel-wise weights α from second and
// third powers of the gradient (the exponential-score closed form), then
// w_k = Σ_ij α_kij ReLU(∂S_c/∂A_kij). Anchor: pytorch-grad-cam grad_cam_plusplus.py.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

/** Grad-CAM++ weights per row: A, grads [n,h,w,K] → [n,K]. */
export function gradcamPlusPlusWeights(A: tf.Tensor4D, grads: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const g2 = grads.square();
    const g3 = g2.mul(grads);
    const sumA = A.sum([1, 2], true);
    const denom = g2.mul(2).add(sumA.mul(g3)).add(1e-7);
    // α is 0 where the gradient is 0 (pytorch-grad-cam's np.where(grads != 0, ...)).
    const alpha = g2.div(denom).mul(grads.notEqual(0).toFloat());
    return alpha.mul(grads.relu()).sum([1, 2]) as tf.Tensor2D;
  });
}

export const gradcamPlusPlus = camMethod(
  {
    id: 'gradcam-plus-plus',
    label: 'Grad-CAM++',
    paper: 'Chattopadhyay, Sarkar, Howlader & Balasubramanian 2018, Grad-CAM++: Improved Visual Explanations for Deep Convolutional Networks (arXiv:1710.11063)',
    params: [],
  },
  { weights: ({ A, grads }) => tf.tidy(() => gradcamPlusPlusWeights(A, grads!).squeeze([0]) as tf.Tensor1D) },
);

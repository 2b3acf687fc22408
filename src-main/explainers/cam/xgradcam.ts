// XGrad-CAM (Fu et al. 2020): w_k = Σ_ij (A_kij / Σ_ij A_kij) ∂S_c/∂A_kij,
// the activation-weighted gradient. Anchor: pytorch-grad-cam xgrad_cam.py.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

export const xgradcam = camMethod(
  {
    id: 'xgradcam',
    label: 'XGrad-CAM',
    paper: 'Fu et al. 2020, Axiom-based Grad-CAM: Towards Accurate Visualization and Explanation of CNNs (arXiv:2008.02312)',
    params: [],
  },
  {
    weights: ({ A, grads }) =>
      tf.tidy(() => {
        const sumA = A.sum([1, 2], true);
        return grads!.mul(A).div(sumA.add(1e-7)).sum([0, 1, 2]) as tf.Tensor1D;
      }),
  },
);

// Grad-CAM (Selvaraju et al. 2017): w_k = mean_ij ∂S_c/∂A_k(i,j), the map
// ReLU(Σ_k w_k A_k). Anchor: pytorch-grad-cam grad_cam.py.
import * as tf from '@tensorflow/tfjs';
import { camMethod, type CamVariant } from './template';

export const gradcamVariant: CamVariant = {
  weights: ({ grads }) => tf.tidy(() => grads!.mean([0, 1, 2]) as tf.Tensor1D),
};

export const gradcam = camMethod(
  {
    id: 'gradcam',
    label: 'Grad-CAM',
    paper: 'Selvaraju et al. 2017, Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization (arXiv:1610.02391)',
    params: [],
  },
  gradcamVariant,
);

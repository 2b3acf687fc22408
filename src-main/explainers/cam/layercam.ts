// LayerCAM (Jiang et al. 2021): the map Σ_k ReLU(∂S_c/∂A_k) ⊙ A_k, a pixel-wise
// weighting that keeps fine detail at shallow layers. Anchor: pytorch-grad-cam layer_cam.py.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

export const layercam = camMethod(
  {
    id: 'layercam',
    label: 'LayerCAM',
    paper: 'Jiang, Zhang, Hou, Cheng & Wei 2021, LayerCAM: Exploring Hierarchical Class Activation Maps for Localization (IEEE TIP 30)',
    params: [],
  },
  { map: ({ A, grads }) => tf.tidy(() => grads!.relu().mul(A).sum(3).squeeze([0]) as tf.Tensor2D) },
);

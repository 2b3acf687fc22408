// HiResCAM (Draelos & Carin 2020): the map Σ_k (∂S_c/∂A_k ⊙ A_k) without
// spatial averaging of the gradient, so it stays faithful to the score; equal
// to Grad-CAM when the head is global average pooling + dense.
import * as tf from '@tensorflow/tfjs';
import { camMethod } from './template';

export const hirescam = camMethod(
  {
    id: 'hirescam',
    label: 'HiResCAM',
    paper: 'Draelos & Carin 2020, Use HiResCAM instead of Grad-CAM for faithful explanations of convolutional neural networks (arXiv:2011.08891)',
    params: [],
  },
  { map: ({ A, grads }) => tf.tidy(() => grads!.mul(A).sum(3).squeeze([0]) as tf.Tensor2D) },
);

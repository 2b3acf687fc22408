// Forward-only logits, on the fastest runtime that serves the model: the
// classifier's fastLogits (onnxruntime for an imported ONNX graph, using every
// core), else its tfjs logits. Not differentiable — gradient methods call
// logits() inside tf.grad. ARCHITECTURE.md: "One runtime per job kind".
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier';

/** [n, classes] logits of an NHWC batch; the caller disposes them. */
export function forwardLogits(model: Classifier, xs: tf.Tensor4D): Promise<tf.Tensor2D> {
  if (model.fastLogits) return model.fastLogits(xs);
  return Promise.resolve(tf.tidy(() => model.logits(xs)));
}

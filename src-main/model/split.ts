// A model cut at a layer into features(x) → A and head(A) → logits, for the
// CAM family and TCAV. Each format implements Classifier.split
// (LayersModel: split-layers.ts, GraphModel: split-graph.ts); this is the
// entry that asks the capability first.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { Classifier } from './classifier';

export interface ModelSplit {
  layer: string;
  /** A's shape without the batch axis, e.g. [14, 14, 256]. */
  shape: number[];
  /** x [n,H,W,C] → [A, ...side]: the layer's output and the skip tensors the head needs. */
  features(x: tf.Tensor4D): tf.Tensor[];
  /** (A, side) → pre-softmax logits [n, classes]; side rows must match A's batch. */
  head(A: tf.Tensor4D, side: tf.Tensor[]): tf.Tensor2D;
}

/**
 * The automatic CAM layer: the LAST eligible layer in topological order, i.e.
 * the last spatial layer before the head — pooling layers included (demo
 * digits: pool2, 7×7; chest: conv3; Darknet-tiny: conv2d_16,
 * the 1000-channel 1×1 conv before global pooling; LeNet: MaxPooling2D_2).
 */
export function autoCamLayer(layers: { name: string; camEligible?: boolean }[]): string | null {
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].camEligible) return layers[i].name;
  return null;
}

export function splitModel(c: Classifier, layerName: string): ModelSplit {
  if (!c.supportsSplit) throw new StudioError('cam-needs-layers-model', `activation maps need a Keras LayersModel or a GraphModel to split at a layer; this model is a ${c.format}`);
  return c.split(layerName);
}

// A model cut at a layer into features(x) → A and head(A) → logits, for the
// CAM family and TCAV. Each format implements Classifier.split
// (LayersModel: split-layers.ts, GraphModel: split-graph.ts); this is the
// entry that asks the capability first.
import { StudioError } from '../api/errors';
import type { Classifier, ModelSplit } from './classifier';

export type { ModelSplit };

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
  if (!c.supportsSplit)
    throw new StudioError('unsupported-model', `activation maps need a Keras LayersModel or a GraphModel to split at a layer; this model is a ${c.format}`);
  return c.split(layerName);
}

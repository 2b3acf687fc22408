// Shapes the BIM modules share: a leaf, so generate.ts ↔ shapes.ts and run.ts ↔ tcav-mcs.ts do not import each other.
import type { Classifier } from '../model/classifier';

/** Digits by class: pool[c] is a list of 28×28 row-major 0..1 images of digit c. */
export type DigitPool = readonly (readonly (readonly number[])[])[];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The CAM layers the loaders read from each model's sidecar (defaultLayer). */
export interface SidecarLayers {
  layers?: ReadonlyMap<Classifier, string>;
}

export interface BimModels extends SidecarLayers {
  object: Classifier;
  scene: Classifier;
}

export interface MarkerModels extends SidecarLayers {
  shortcut: Classifier;
  clean: Classifier;
}

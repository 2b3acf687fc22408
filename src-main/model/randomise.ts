// Model-parameter randomisation (Adebayo et al. 2018): the steps, and
// classifiers whose chosen layers are re-initialised. The copy itself is the
// model's capability (Classifier.randomisedCopy; for a LayersModel,
// model/layers-randomise.ts): only layers with a kernel are steps.
//   cascading:   top layer first, then each lower one added (the paper's Fig. 2)
//   independent: one layer at a time, all others trained
import { StudioError } from '../api/errors';
import type { Classifier } from './classifier';

export type RandomiseMode = 'cascading' | 'independent';
export const RANDOMISE_MODES: readonly RandomiseMode[] = ['cascading', 'independent'];

export interface RandomisationStep {
  /** 'original', or the layer randomised last (cascading) / alone (independent). */
  label: string;
  /** Every layer re-initialised in this step. */
  layers: string[];
}

function needsKerasWeights(model: Classifier): void {
  if (!model.hasKerasWeights)
    throw new StudioError('unsupported-model', 'parameter randomisation needs a LayersModel (GraphModels have no layer initializers)');
}

/** Layers that own a kernel, from the output side down. */
export function randomisableLayers(model: Classifier): string[] {
  needsKerasWeights(model);
  return model.randomisableLayers();
}

export function randomisationSteps(layers: readonly string[], mode: RandomiseMode): RandomisationStep[] {
  const steps: RandomisationStep[] = [{ label: 'original', layers: [] }];
  layers.forEach((name, i) => steps.push({ label: name, layers: mode === 'cascading' ? layers.slice(0, i + 1) : [name] }));
  return steps;
}

/**
 * A classifier over a randomised copy of `c`: the same class output and the
 * same pre-softmax handling (the caller disposes it).
 */
export async function randomisedClassifier(c: Classifier, layers: readonly string[], seed = 0): Promise<Classifier> {
  needsKerasWeights(c);
  return c.randomisedCopy(layers, seed);
}

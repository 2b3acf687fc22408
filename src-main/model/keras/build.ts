// A translated topology built into a tfjs LayersModel, and the weights step
// run on it, without leaks: a topology that fails half-way has built some
// layers whose variables nothing references, and a model whose weights fail
// to load is disposed before the error leaves.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { KerasTopology } from './translate';

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);

export async function buildModel(topology: KerasTopology, label: string): Promise<tf.LayersModel> {
  const vars = (): Record<string, tf.Variable> => tf.engine().registeredVariables;
  const before = new Set(Object.keys(vars()));
  try {
    // No weight paths: deserialisation runs synchronously, so no other variable appears meanwhile.
    return await tf.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'] });
  } catch (e) {
    for (const [name, v] of Object.entries(vars())) if (!before.has(name)) v.dispose();
    throw new StudioError('bad-model', `${label}: tfjs-layers cannot build the model (${firstLine(e)})`);
  }
}

/**
 * Runs `load` (which writes the weights and returns how many it wrote) and
 * checks that every variable of the model was written; disposes the model
 * on any failure.
 */
export async function withWeights(model: tf.LayersModel, label: string, load: () => number | Promise<number>): Promise<tf.LayersModel> {
  try {
    const written = await load();
    const expected = model.weights.length;
    if (written !== expected) throw new StudioError('missing-weights', `${label}: ${written} of the model's ${expected} weights were found in the file`);
    return model;
  } catch (e) {
    model.dispose();
    if (e instanceof StudioError) throw e;
    throw new StudioError('bad-model', `${label}: cannot load the weights (${firstLine(e)})`);
  }
}

// Copies of a LayersModel with some layers' weights re-initialised (the
// sanity checks of Adebayo et al. 2018). The copy is rebuilt from the model's
// own topology JSON, so every layer is re-created by its own initializer
// config; we only inject a seed (base seed + layer index) into the
// initializers of the layers to randomise, then copy the trained weights into
// all the others. Only layers with a kernel are randomisation steps
// (Conv2D, Dense, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose…); batch
// norms keep their trained statistics, as re-initialising them to the identity
// would mix a rescaling into the test.
import * as tf from '@tensorflow/tfjs';

type Json = Record<string, unknown>;

/** Layers that own a kernel, from the output side down. */
export function randomisableLayers(model: tf.LayersModel): string[] {
  return model.layers
    .filter((l) => l.weights.some((w) => /kernel/.test(w.originalName ?? w.name)))
    .map((l) => l.name)
    .reverse();
}

/** Every layer with weights (kernels, biases, batch-norm statistics…). */
export function weightedLayers(model: tf.LayersModel): string[] {
  return model.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
}

/** The layer configs of a (Sequential or functional) topology JSON. */
function layerConfigs(topology: Json): Json[] {
  const cfg = (topology.model_config ?? topology) as Json;
  const inner = cfg.config as Json | Json[];
  return (Array.isArray(inner) ? inner : (inner.layers as Json[])) ?? [];
}

function seedInitializers(layerConfig: Json, seed: number): void {
  const cfg = layerConfig.config as Json;
  for (const [k, v] of Object.entries(cfg)) {
    if (!k.endsWith('initializer') || !v || typeof v !== 'object') continue;
    const init = v as { config?: Json };
    // Zeros/Ones have no seed; seeding them is harmless and keeps the walk simple.
    init.config = { ...(init.config ?? {}), seed };
  }
}

/** A copy of `model` with `layers` re-initialised (seeded); the caller disposes it. */
export async function randomisedCopy(model: tf.LayersModel, layers: readonly string[], seed = 0): Promise<tf.LayersModel> {
  const topology = JSON.parse(JSON.stringify(model.toJSON(undefined, false))) as Json;
  const names = model.layers.map((l) => l.name);
  for (const lc of layerConfigs(topology)) {
    const name = (lc.config as Json).name as string;
    if (layers.includes(name)) seedInitializers(lc, seed + 1 + names.indexOf(name));
  }
  const copy = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  for (const layer of model.layers) {
    if (layers.includes(layer.name) || layer.weights.length === 0) continue;
    copy.getLayer(layer.name).setWeights(layer.getWeights());
  }
  return copy;
}

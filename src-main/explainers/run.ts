// The one way to run a method, whoever asks (the engine's explain, the
// evaluation, the sanity checks, BIM, the benchmarks): parameters validated
// against its schema, the layer checked against the model, then the run alone
// in the engine's lane (one method at a time, owning its tensors), and a
// warning when it leaves tensors behind.
import * as tf from '@tensorflow/tfjs';
import type { LayerInfo, ParamValues, PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';
import { CancelToken, runScoped } from '../core/jobs';
import type { Classifier } from '../model/classifier';
import { resolveParams } from './resolve-params';
import type { CancelSignal, ExplainContext, Method, MethodOutput } from './types';

export interface RunRequest {
  method: Method;
  model: Classifier;
  /** [1,h,w,c], owned by the caller. */
  input: tf.Tensor4D;
  target: number;
  /** A layer name (CAMs also take a comma-separated list); null: the method's or the model's own choice. */
  layer?: string | null;
  params?: ParamValues;
  preprocess?: PreprocessSpec;
  regions?: ExplainContext['regions'];
  signal?: CancelSignal;
  progress?: ExplainContext['progress'];
}

/** The layer names in `layer` (comma-separated), each checked against the model's layers. */
export function checkLayer(layers: readonly Pick<LayerInfo, 'name'>[], layer: string | null | undefined, modelName = 'the model'): string | null {
  if (!layer) return null;
  for (const name of layer
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!layers.some((l) => l.name === name)) throw new StudioError('unknown-layer', `${modelName} has no layer "${name}"`);
  }
  return layer;
}

export async function runMethod(req: RunRequest): Promise<MethodOutput> {
  const { method, model, input, target } = req;
  const params = resolveParams(method, req.params);
  const layer = checkLayer(model.layers, req.layer);
  const signal = req.signal ?? new CancelToken();
  let before = 0;
  const out = await runScoped(() => {
    signal.check();
    before = tf.memory().numTensors;
    return method.run({ model, input, target, layer, params, preprocess: req.preprocess, regions: req.regions, signal, progress: req.progress ?? (() => {}) });
  }, signal);
  // Read before the lane starts its next run; what the lane did not dispose is kept (tf.keep) or a variable.
  const left = tf.memory().numTensors - before;
  if (left > 0) console.warn(`runMethod: ${method.id} left ${left} tensors`);
  return out;
}

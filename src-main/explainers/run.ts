// The one way to run a method, whoever asks (the engine's explain, the
// evaluation, the sanity checks, BIM, the benchmarks): parameters validated
// against its schema, the layer checked against the model, then the run alone
// in the engine's lane (one method at a time, owning its tensors), and a
// warning when it leaves tensors behind. A segmentation model's target region
// is applied around the run: the method is handed the model whose class score
// sums that region, so every method explains the same score.
import * as tf from '@tensorflow/tfjs';
import type { LayerInfo, ParamValues, PreprocessSpec, SegmentationRegion } from '../api/types';
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
  /** Segmentation models: what class `target`'s score sums (Classifier.withTargetRegion); a mask [h,w] of 0/1 is the caller's. */
  targetRegion?: SegmentationRegion | tf.Tensor2D;
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

/** The model whose class scores sum `region` (the caller disposes it); a model without a segmentation output refuses. */
export function targetRegionModel(model: Classifier, region: SegmentationRegion | tf.Tensor2D): Classifier {
  if (!model.withTargetRegion)
    throw new StudioError(
      'unsupported-model',
      `a target region needs a segmentation model (an N×C×H×W output); this ${model.format} model's class scores are [batch, ${model.numClasses}]`,
    );
  return model.withTargetRegion(region);
}

/** `fn` on the model whose class scores sum `region` (none: the model as it is), the view released after. */
export function withTargetRegion<T>(model: Classifier, region: SegmentationRegion | tf.Tensor2D | undefined, fn: (m: Classifier) => T): T {
  if (region == null) return fn(model);
  const view = targetRegionModel(model, region);
  try {
    return fn(view);
  } finally {
    view.dispose();
  }
}

export async function runMethod(req: RunRequest): Promise<MethodOutput> {
  const { method, input, target } = req;
  const params = resolveParams(method, req.params);
  const layer = checkLayer(req.model.layers, req.layer);
  const signal = req.signal ?? new CancelToken();
  const model = req.targetRegion == null ? req.model : targetRegionModel(req.model, req.targetRegion);
  try {
    let before = 0;
    const out = await runScoped(() => {
      signal.check();
      before = tf.memory().numTensors;
      return method.run({
        model,
        input,
        target,
        layer,
        params,
        preprocess: req.preprocess,
        regions: req.regions,
        signal,
        progress: req.progress ?? (() => {}),
      });
    }, signal);
    // Read before the lane starts its next run; what the lane did not dispose is kept (tf.keep) or a variable.
    const left = tf.memory().numTensors - before;
    if (left > 0) console.warn(`runMethod: ${method.id} left ${left} tensors`);
    if (req.targetRegion == null) return out;
    // The map says which score it explains.
    return { ...out, extras: { ...out.extras, targetRegion: typeof req.targetRegion === 'string' ? req.targetRegion : 'drawn' } };
  } finally {
    if (model !== req.model) model.dispose();
  }
}

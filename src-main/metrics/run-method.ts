// Runs a method (registry or control) outside the engine's job table: what the
// evaluation and the sanity checks use to (re)compute maps. Each run goes
// through the engine's lane (one method at a time, owning its tensors), as the
// engine's explain does.
import * as tf from '@tensorflow/tfjs';
import type { ParamValues, PreprocessSpec } from '../api/types';
import { resolveParams } from '../explainers/registry';
import type { CancelSignal, Method } from '../explainers/types';
import { CancelToken, runScoped } from '../engine/jobs';
import type { DecodedImage } from '../io/decoded';
import type { Classifier } from '../model/classifier';
import { preprocess } from '../model/preprocess';
import { getEvalMethod } from './controls';
import type { EvalMethod } from './evaluate';

export interface RunOptions {
  layer?: string | null;
  params?: ParamValues;
  preprocess?: PreprocessSpec;
  signal?: CancelSignal;
}

export async function runMethod(method: Method, model: Classifier, input: tf.Tensor4D, target: number, opts: RunOptions = {}): Promise<Float32Array> {
  const params = resolveParams(method, opts.params ?? {});
  const signal = opts.signal ?? new CancelToken();
  const out = await runScoped(() => method.run({ model, input, target, layer: opts.layer ?? null, params, preprocess: opts.preprocess, signal, progress: () => {} }), signal);
  return out.map;
}

/** An EvalMethod (re-runnable, for ADCC) for a method id on one model. */
export function evalMethod(id: string, model: Classifier, opts: RunOptions = {}): EvalMethod & { method: Method; explain: NonNullable<EvalMethod['explain']> } {
  const method = getEvalMethod(id);
  // Parameters given for other methods are dropped rather than refused: one --set list serves several methods.
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).filter(([k]) => method.params.some((p) => p.name === k)));
  const layer = method.needsLayer ? (opts.layer ?? null) : null;
  return { id, method, explain: (x, target) => runMethod(method, model, x, target, { ...opts, params, layer }) };
}

/** The model input for a decoded image: [1,h,w,c] through the model's preprocessing. */
export function modelInput(model: Classifier, img: DecodedImage, spec: PreprocessSpec): tf.Tensor4D {
  return preprocess(img, spec, model.inputHeight, model.inputWidth, model.inputChannels);
}

/** The top class of each [1,h,w,c] input, in one batched pass. */
export async function topClasses(model: Classifier, inputs: readonly tf.Tensor4D[]): Promise<number[]> {
  const t = tf.tidy(() => model.logits(tf.concat([...inputs]) as tf.Tensor4D).argMax(1));
  const d = await t.data();
  t.dispose();
  return Array.from(d);
}

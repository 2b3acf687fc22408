// Maps for the evaluation and the sanity checks, through the one way to run a
// method (explainers/run.ts): a re-runnable EvalMethod per id, the model input
// of an image, and the top classes.
import * as tf from '@tensorflow/tfjs';
import type { ParamValues, PreprocessSpec } from '../api/types';
import { getMethod, ownParams } from '../explainers/registry';
import { runMethod as run } from '../explainers/run';
import type { CancelSignal, Method } from '../explainers/types';
import type { DecodedImage } from '../io/decoded';
import type { Classifier } from '../model/classifier';
import { preprocess } from '../model/preprocess';
import type { EvalMethod } from './evaluate';

export interface RunOptions {
  layer?: string | null;
  params?: ParamValues;
  preprocess?: PreprocessSpec;
  signal?: CancelSignal;
}

/** explainers/run.ts' runMethod, positional and returning the map only (the sanity checks call it so). */
export async function runMethod(method: Method, model: Classifier, input: tf.Tensor4D, target: number, opts: RunOptions = {}): Promise<Float32Array> {
  return (await run({ method, model, input, target, ...opts })).map;
}

/** An EvalMethod (re-runnable, for ADCC) for a method id on one model. */
export function evalMethod(
  id: string,
  model: Classifier,
  opts: RunOptions = {},
): EvalMethod & { method: Method; explain: NonNullable<EvalMethod['explain']>; explainOn: NonNullable<EvalMethod['explainOn']> } {
  const method = getMethod(id);
  // Parameters given for other methods are dropped rather than refused: one --set list serves several methods.
  const params = ownParams(method, opts.params);
  const layer = method.needsLayer ? (opts.layer ?? null) : null;
  const explainOn = (m: Classifier, x: tf.Tensor4D, target: number): Promise<Float32Array> => runMethod(method, m, x, target, { ...opts, params, layer });
  return { id, method, explain: (x, target) => explainOn(model, x, target), explainOn };
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

// Test fixtures shared by the batched CAM variants (Score-CAM, Ablation-CAM):
// a context with a batch size, a run that keeps the channel weights the
// variant computed, a residual model whose head has a side input, and the
// cancel-between-batches check.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { CancelToken } from '../../core/jobs';
import { type Classifier } from '../../model/classifier';
import { layersClassifier } from '../../model/layers-classifier';
import { resolveParams } from '../registry';
import type { ExplainContext, Method, MethodOutput } from '../types';
import { runCam, type CamVariant } from './template';

export const batchedCtx = (
  method: Method,
  model: Classifier,
  input: tf.Tensor4D,
  target: number,
  layer: string | null,
  batch: number,
  signal = new CancelToken(),
  progress: ExplainContext['progress'] = () => {},
): ExplainContext => ({ model, input, target, layer, params: resolveParams(method, { batch }), signal, progress });

/** Runs a variant through the template, keeping the channel weights it computed. */
export async function runWithWeights(variant: CamVariant, ctx: ExplainContext): Promise<{ out: MethodOutput; w: number[] }> {
  let w: number[] = [];
  const spy: CamVariant = {
    ...variant,
    weights: async (inp) => {
      const t = await variant.weights!(inp);
      w = Array.from(await t.data());
      return t;
    },
  };
  return { out: await runCam(ctx, spy), w };
}

/** Conv → conv ('target', 12 channels) + residual skip → pool → dense: a head with a side input. */
export function residualClassifier(): Classifier {
  const init = (seed: number) => tf.initializers.glorotNormal({ seed });
  const x = tf.input({ shape: [10, 10, 3] });
  const c1 = tf.layers
    .conv2d({ filters: 12, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1), name: 'c1' })
    .apply(x) as tf.SymbolicTensor;
  const c2 = tf.layers
    .conv2d({ filters: 12, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2), name: 'target' })
    .apply(c1) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(tf.layers.add().apply([c1, c2])) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, kernelInitializer: init(3) }).apply(tf.layers.flatten().apply(pooled)) as tf.SymbolicTensor;
  return layersClassifier(tf.model({ inputs: x, outputs: out }));
}

/** Cancelling at the first progress report rejects "cancelled" after exactly one batch and leaks nothing. */
export async function expectCancelBetweenBatches(method: Method, target: (c: Classifier, x: tf.Tensor4D) => number, batch: number): Promise<void> {
  const c = residualClassifier();
  const x = tf.randomUniform([1, 10, 10, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const token = new CancelToken();
  const seen: number[] = [];
  const p = method.run(batchedCtx(method, c, x, target(c, x), 'target', batch, token, (d, t) => (seen.push(d), d < t && token.cancel())));
  await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  expect(seen).toEqual([batch]);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  c.dispose();
}

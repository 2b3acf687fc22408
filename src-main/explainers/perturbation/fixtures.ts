// Test fixtures for the perturbation methods: a small conv net, a linear model
// with a known kernel, and a context builder.
import * as tf from '@tensorflow/tfjs';
import { CancelToken } from '../../core/jobs';
import { type Classifier } from '../../model/classifier';
import { layersClassifier } from '../../model/layers-classifier';
import { resolveParams } from '../registry';
import type { ExplainContext, Method } from '../types';

/** conv(relu) → maxpool → dense(softmax) on [h,w,c], seeded. */
export function smallConvNet(h: number, w: number, c: number, classes = 3): Classifier {
  const init = (seed: number) => tf.initializers.glorotNormal({ seed });
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [h, w, c],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        biasInitializer: 'ones',
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
  return layersClassifier(m);
}

/**
 * logits = flatten(x) · W (no bias): a linear model. `kernel[k]` is the
 * [h·w·c] weight vector of class k.
 */
export function linearModel(h: number, w: number, c: number, kernel: Float32Array[]): Classifier {
  const d = h * w * c;
  const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [h, w, c] }), tf.layers.dense({ units: kernel.length, useBias: false })] });
  const W = new Float32Array(d * kernel.length);
  kernel.forEach((col, k) => col.forEach((v, i) => (W[i * kernel.length + k] = v)));
  const t = tf.tensor2d(W, [d, kernel.length]);
  m.layers[1].setWeights([t]);
  t.dispose();
  return layersClassifier(m);
}

export function perturbCtx(
  method: Method,
  model: Classifier,
  input: tf.Tensor4D,
  target: number,
  params: ExplainContext['params'] = {},
  extra: Partial<ExplainContext> = {},
): ExplainContext {
  return { model, input, target, layer: null, params: resolveParams(method, params), signal: new CancelToken(), progress: () => {}, ...extra };
}

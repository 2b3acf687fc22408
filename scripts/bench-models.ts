// The three models of the bench suite, each with one real (or seeded) input
// and its top class as the target: the demo digits CNN, Darknet-tiny from
// ../shared/data at 224², and a MobileNet-shaped network built here (its
// depthwise convolutions are what the other two lack).
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { loadImageFile } from '../src-main/io/load';
import type { Classifier } from '../src-main/model/classifier';
import { layersClassifier } from '../src-main/model/layers-classifier';
import { loadModelFromPath } from '../src-main/model/load';
import { modelInput, topClasses } from '../src-main/metrics/run-method';
import { demo, shared, SHARED_MODELS } from '../src-main/testing/shared-data';
import type { PreprocessSpec } from '../src-main/api/types';

export interface BenchModel {
  id: string;
  classifier: Classifier;
  input: tf.Tensor4D;
  target: number;
  preprocess: PreprocessSpec;
}

export interface ModelSpec {
  id: string;
  /** Why the model is absent, or null when it can be built. */
  missing: string | null;
  load(): Promise<BenchModel>;
}

const UNIT: PreprocessSpec = { preset: 'unit', resize: 'stretch', invert: false };

/** MobileNet v1 layout: (pointwise filters at α = 1, stride) of the depthwise-separable blocks, two of the five 512-blocks kept. */
const BLOCKS: [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/**
 * conv 3×3/2 → 10 × (depthwise 3×3 + BN + ReLU6 → pointwise 1×1 + BN + ReLU6)
 * → GAP → dense 1000 (softmax), input 224×224×3, seeded He/Glorot weights.
 */
export function mobileNetShaped(alpha = 0.5, seed = 7): tf.LayersModel {
  let s = seed;
  const he = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: s++ });
  const bnRelu6 = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization({ axis: -1 }).apply(t)) as tf.SymbolicTensor;
  const c = (n: number): number => Math.max(8, Math.round(n * alpha));
  const input = tf.input({ shape: [224, 224, 3] });
  let x = bnRelu6(
    tf.layers.conv2d({ filters: c(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: he() }).apply(input) as tf.SymbolicTensor,
  );
  for (const [filters, stride] of BLOCKS) {
    x = bnRelu6(
      tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: he() }).apply(x) as tf.SymbolicTensor,
    );
    x = bnRelu6(
      tf.layers.conv2d({ filters: c(filters), kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: he() }).apply(x) as tf.SymbolicTensor,
    );
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 1000, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: `mobilenet_shaped_a${alpha}` });
}

async function withTop(id: string, classifier: Classifier, input: tf.Tensor4D, preprocess: PreprocessSpec): Promise<BenchModel> {
  const [target] = await topClasses(classifier, [input]);
  return { id, classifier, input, target, preprocess };
}

async function fromDisk(id: string, modelPath: string, imagePath: string): Promise<BenchModel> {
  const { classifier, info } = await loadModelFromPath(modelPath);
  const input = modelInput(classifier, await loadImageFile(imagePath), info.preprocess);
  return withTop(id, classifier, input, info.preprocess);
}

const CAT = shared('images', 'skimage_chelsea.png');

export const MOBILENET_ALPHA = 0.5;

export const BENCH_MODELS: ModelSpec[] = [
  {
    id: 'digits-cnn 28×28',
    missing: existsSync(demo('digits', 'model.json')) ? null : 'resources/demo/digits is absent (npm run demo:train)',
    load: () => fromDisk('digits-cnn 28×28', demo('digits', 'model.json'), demo('digits', 'samples', 'digit-3.png')),
  },
  {
    id: 'darknet-tiny 224×224',
    missing: existsSync(SHARED_MODELS.darknet) && existsSync(CAT) ? null : `${SHARED_MODELS.darknet} or ${CAT} is absent`,
    load: () => fromDisk('darknet-tiny 224×224', SHARED_MODELS.darknet, CAT),
  },
  {
    id: `mobilenet-shaped α${MOBILENET_ALPHA} 224×224`,
    missing: existsSync(CAT) ? null : `${CAT} is absent`,
    load: async () => {
      const c = layersClassifier(mobileNetShaped(MOBILENET_ALPHA));
      return withTop(`mobilenet-shaped α${MOBILENET_ALPHA} 224×224`, c, modelInput(c, await loadImageFile(CAT), UNIT), UNIT);
    },
  },
];

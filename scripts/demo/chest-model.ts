// The chest phantom classifier's architecture, shared by the demo and the
// laterality-marker variant (which must differ from it only in its data).
import * as tf from '@tensorflow/tfjs';
import { shuffle } from './common';

export function buildChestModel(seed: number, name = 'chest_phantom_cnn', size = 96): tf.Sequential {
  // 'center' maps 0..1 to roughly zero-mean: without it this BN-free ReLU net sits
  // on the 50% plateau for many epochs. Strided conv1 keeps training cheap; conv3
  // stays 12×12 so Grad-CAM/CAM maps have useful resolution; GAP + Dense is the CAM head.
  const he = (s: number) => tf.initializers.heNormal({ seed: seed + s });
  return tf.sequential({
    name,
    layers: [
      tf.layers.rescaling({ name: 'center', inputShape: [size, size, 1], scale: 4, offset: -1.4 }),
      tf.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: he(1) }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(2) }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.conv2d({ name: 'conv3', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(3) }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ name: 'probs', units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }) }),
    ],
  });
}

export interface ChestSet {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  labels: number[];
}

/**
 * The chest curriculum: `easy` epochs on high-contrast nodules first, then
 * `epochs` on the real set, the rate lowered for the last third. fit()'s own
 * shuffle uses Math.random, so a seeded permutation is fed instead.
 */
export async function trainChestModel(
  model: tf.Sequential,
  easy: ChestSet,
  tr: ChestSet,
  easyEpochs: number,
  epochs: number,
  rand: () => number,
  log: (line: string) => void,
): Promise<void> {
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const t0 = Date.now();
  for (let e = 0; e < easyEpochs + epochs; e++) {
    const set = e < easyEpochs ? easy : tr;
    const perm = tf.tensor1d(shuffle([...Array(set.labels.length).keys()], rand), 'int32');
    const xs = set.x.gather(perm);
    const ys = set.y.gather(perm);
    // See train-digits.ts for why the cast.
    if (e === easyEpochs + Math.floor((2 * epochs) / 3)) (model.optimizer as unknown as { learningRate: number }).learningRate = 0.001;
    const h = await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([perm, xs, ys]);
    const acc = Number(h.history.acc?.[0] ?? h.history.accuracy?.[0]);
    log(
      `${e < easyEpochs ? 'easy ' : ''}epoch ${e + 1}/${easyEpochs + epochs} loss=${Number(h.history.loss[0]).toFixed(4)} acc=${acc.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)}s)`,
    );
  }
}

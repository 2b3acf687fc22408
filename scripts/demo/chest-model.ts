// The chest phantom classifier's architecture, shared by the demo and the
// laterality-marker variant (which must differ from it only in its data).
import * as tf from '@tensorflow/tfjs';

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

// Real test inputs for the Keras importer, prepared as each model's own
// repository does (PROVENANCE-keras-onnx.md): MNIST and Fashion-MNIST as
// x/255 on [n,28,28,1], chest radiographs as ImageOps.fit to 224 (Lanczos),
// RGB, x/127.5 − 1.
// Paths come from the tests (src-main/testing/shared-data), which keeps this
// module free of imports from other folders.
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';

/** A 28×28 digit image (white on black) as [1,28,28,1] in 0..1. */
export async function digitPng(path: string): Promise<tf.Tensor4D> {
  const { data, info } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== 28 || info.height !== 28) throw new Error(`${path}: ${info.width}×${info.height}, expected 28×28`);
  const x = new Float32Array(784);
  for (let i = 0; i < 784; i++) x[i] = data[i * info.channels] / 255;
  return tf.tensor4d(x, [1, 28, 28, 1]);
}

/**
 * The Fashion-MNIST sprite: 30×30 tiles of 28×28, three tile rows per class in
 * label order (T-shirt/top … Ankle boot), 900 tiles as x/255.
 */
export async function fashionTiles(spritePath: string): Promise<{ x: tf.Tensor4D; labels: number[] }> {
  const { data, info } = await sharp(spritePath).greyscale().raw().toBuffer({ resolveWithObject: true });
  const n = 30;
  const x = new Float32Array(n * n * 784);
  const labels: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const t = r * n + c;
      for (let y = 0; y < 28; y++) for (let k = 0; k < 28; k++) x[t * 784 + y * 28 + k] = data[((r * 28 + y) * info.width + c * 28 + k) * info.channels] / 255;
      labels.push(Math.floor(r / 3));
    }
  }
  return { x: tf.tensor4d(x, [n * n, 28, 28, 1]), labels };
}

/** A radiograph as the Teachable-Machine CXR repositories feed it: [1,224,224,3] in [-1, 1]. */
export async function cxrInput(path: string): Promise<tf.Tensor4D> {
  const { data, info } = await sharp(path)
    .resize(224, 224, { fit: 'cover', kernel: 'lanczos3' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const x = new Float32Array(224 * 224 * 3);
  for (let i = 0; i < 224 * 224; i++) for (let ch = 0; ch < 3; ch++) x[i * 3 + ch] = data[i * info.channels + (info.channels === 1 ? 0 : ch)] / 127.5 - 1;
  return tf.tensor4d(x, [1, 224, 224, 3]);
}

/** Accuracy of `model` on (x, labels), in batches so memory stays flat. */
export function accuracy(model: tf.LayersModel, x: tf.Tensor4D, labels: number[], batch = 100): number {
  let right = 0;
  for (let i = 0; i < labels.length; i += batch) {
    const n = Math.min(batch, labels.length - i);
    const pred = tf.tidy(() => (model.predict(x.slice([i, 0, 0, 0], [n, -1, -1, -1])) as tf.Tensor).argMax(-1).dataSync());
    pred.forEach((p, j) => (right += p === labels[i + j] ? 1 : 0));
  }
  return right / labels.length;
}

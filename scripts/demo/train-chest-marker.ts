// Trains the laterality-marker pair of the BIM chest variant (src-main/bim/marker.ts)
// and writes resources/demo/chest-marker/{shortcut,clean}/: the same CNN as the
// chest demo, once on set A (marker on 95% of nodule images, 5% of normal
// ones: the shortcut) and once on set B (marker independent of the label).
// Both get the chest demo's curriculum (high-contrast nodules first).
// Env: MARKER_TRAIN, MARKER_EPOCHS (quick runs while developing).
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src-main/engine/backend';
import { MARKER_SIZE as SIZE, MARKER_TEST_SEED0, MARKER_TRAIN_SEED0, markerPhantom, trainingPhantom } from '../../src-main/bim/marker';
import { generatePhantom } from './chest-phantom';
import { buildChestModel, trainChestModel } from './chest-model';
import { DEMO_DIR, cleanDir, dirBytes, mulberry32, saveDemoModel } from './common';

const SEED = 4242;
const EASY_EPOCHS = 3;
const TEST_N = 400;
const OUT = join(DEMO_DIR, 'chest-marker');

interface Set {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  labels: number[];
}

function toSet(images: Float32Array[], labels: number[]): Set {
  const x = new Float32Array(images.length * SIZE * SIZE);
  images.forEach((im, i) => x.set(im, i * SIZE * SIZE));
  return { x: tf.tensor4d(x, [images.length, SIZE, SIZE, 1]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D), labels };
}

function trainSet(kind: 'shortcut' | 'clean', seeds: number[], easy: boolean): Set {
  const ims: Float32Array[] = [];
  const labels: number[] = [];
  for (const s of seeds) {
    const p = trainingPhantom(s, kind);
    if (easy) {
      // Same nodule/marker draw, nodule at the easy contrast of the chest curriculum.
      const e = generatePhantom(s, { size: SIZE, nodule: p.hasNodule, noduleContrast: [0.4, 0.6] });
      for (let i = 0; i < p.image.length; i++) if (!p.region[i]) p.image[i] = e.image[i];
    }
    ims.push(p.image);
    labels.push(p.hasNodule ? 1 : 0);
  }
  return toSet(ims, labels);
}

/** Test sets: the shortcut's correlation (as in A), none (as in B), and reversed (normal images carry the marker, nodule ones not). */
function testSet(kind: 'correlated' | 'independent' | 'reversed'): Set {
  const ims: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < TEST_N; i++) {
    const seed = MARKER_TEST_SEED0 + i;
    const nodule = i % 2 === 1;
    const p = kind === 'correlated' ? trainingPhantom(seed, 'shortcut') : markerPhantom(seed, { nodule, marker: kind === 'reversed' ? !nodule : 0.5 });
    ims.push(p.image);
    labels.push(p.hasNodule ? 1 : 0);
  }
  return toSet(ims, labels);
}

async function accuracy(model: tf.LayersModel, s: Set): Promise<number> {
  const t = tf.tidy(() => (model.predict(s.x) as tf.Tensor).argMax(1));
  const p = await t.data();
  t.dispose();
  return s.labels.filter((l, i) => p[i] === l).length / s.labels.length;
}

async function main(): Promise<void> {
  const { backend } = await initBackend();
  console.log(`chest-marker: backend=${backend}`);
  const t0 = Date.now();
  const n = Number(process.env.MARKER_TRAIN) || 3000;
  const epochs = Number(process.env.MARKER_EPOCHS) || 12;
  const seeds = [...Array(n).keys()].map((i) => MARKER_TRAIN_SEED0 + i);
  const tests = { correlated: testSet('correlated'), independent: testSet('independent'), reversed: testSet('reversed') };
  cleanDir(OUT);
  for (const kind of ['shortcut', 'clean'] as const) {
    const rand = mulberry32(SEED);
    const easy = trainSet(kind, seeds.slice(0, 1500), true);
    const tr = trainSet(kind, seeds, false);
    const model = buildChestModel(SEED, 'chest_marker_cnn', SIZE);
    await trainChestModel(model, easy, tr, EASY_EPOCHS, epochs, rand, (line) => console.log(`  ${kind} ${line}`));
    const acc = {
      correlated: await accuracy(model, tests.correlated),
      independent: await accuracy(model, tests.independent),
      reversed: await accuracy(model, tests.reversed),
    };
    console.log(
      `chest-marker ${kind}: accuracy correlated ${(acc.correlated * 100).toFixed(1)}%, independent ${(acc.independent * 100).toFixed(1)}%, reversed ${(acc.reversed * 100).toFixed(1)}% (${TEST_N} each)`,
    );
    const bytes = await saveDemoModel(model, join(OUT, kind), {
      name: kind === 'shortcut' ? 'Chest phantom, marker shortcut (BIM demo)' : 'Chest phantom, marker-independent (BIM demo)',
      preprocess: { preset: 'unit', resize: 'stretch', invert: false },
      labels: ['normal', 'nodule'],
      defaultLayer: 'conv3',
      description:
        (kind === 'shortcut'
          ? 'Trained where an "L"/"R" laterality marker sits on 95% of nodule phantoms and 5% of normal ones: a shortcut it can take. '
          : 'Trained where the laterality marker is independent of the label (50% of every class). ') +
        'Architecture of the chest demo; data from src-main/bim/marker.ts. Accuracy on independent-marker phantoms.',
      trainedBy: 'scripts/demo/train-chest-marker.ts',
      testAccuracy: Math.round(acc.independent * 10000) / 10000,
    });
    console.log(`  saved ${kind}: ${bytes} B`);
    tf.dispose([easy.x, easy.y, tr.x, tr.y]);
    model.dispose();
  }
  for (const s of Object.values(tests)) tf.dispose([s.x, s.y]);
  console.log(`chest-marker: resources/demo/chest-marker ${dirBytes(OUT)} B total, ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}

await main();

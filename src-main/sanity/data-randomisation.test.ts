// The data randomisation test on the demo digits: a copy of the demo CNN
// trained on permuted labels memorises some of its training set, knows nothing
// about held-out digits, and the plain gradient's maps on it differ clearly
// from those on the properly trained demo model.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { getMethod } from '../explainers/registry';
import { batchCtx } from '../metrics/fixtures';
import { type LoadedModel, loadModelFromPath } from '../model/load';
import { demo } from '../testing/shared-data';
import { type LabelledSet, accuracy, compareModels, permuteLabels, trainPermutedCopy } from './data-randomisation';
import { digitsSubsets, digitsTensor } from './digits-data';

const TRAIN = 1000;
const EPOCHS = 12;

describe('sanity checks: data randomisation (demo digits)', () => {
  let loaded: LoadedModel;
  let train: LabelledSet;
  let heldOut: LabelledSet;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    loaded = await loadModelFromPath(demo('digits', 'model.json'));
    const rows = digitsSubsets(TRAIN, 500, 3);
    train = digitsTensor(rows.train);
    heldOut = digitsTensor(rows.heldOut);
  });
  afterAll(() => {
    tf.dispose([train.x, heldOut.x]);
    loaded.classifier.dispose();
  });

  it('permuteLabels keeps the class histogram, changes ~90% of 10-class labels, and is seeded', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => i % 10);
    const p = permuteLabels(labels, 1);
    expect([...p].sort()).toEqual([...labels].sort());
    const changed = p.filter((v, i) => v !== labels[i]).length / 1000;
    expect(changed).toBeGreaterThan(0.85);
    expect(changed).toBeLessThan(0.95);
    expect(permuteLabels(labels, 1)).toEqual(p);
    expect(permuteLabels(labels, 2)).not.toEqual(p);
  });

  it('a cancel between batches stops training and leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    const signal = new CancelToken();
    let batches = 0;
    const run = trainPermutedCopy(loaded.classifier, train, { epochs: 3, seed: 1 }, { signal, progress: () => void (++batches === 5 && signal.cancel()) });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(batches).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the permuted-label copy memorises its training labels, is at chance on held-out digits, and the gradient map moves away', async () => {
    const c = loaded.classifier;
    const before = tf.memory().numTensors;
    const ctx = batchCtx();
    const { classifier: permuted, report } = await trainPermutedCopy(c, train, { epochs: EPOCHS, seed: 1 }, ctx, heldOut);
    const trainedHeldOut = await accuracy(c, heldOut.x, heldOut.labels, ctx);
    console.log(
      `[data randomisation digits] ${TRAIN} images × ${EPOCHS} epochs in ${report.seconds.toFixed(1)}s: loss ${report.loss.map((l) => l.toFixed(3)).join(' → ')}; permuted ${(report.permutedFraction * 100).toFixed(1)}% of labels; train acc on permuted labels ${report.trainAccuracy.toFixed(3)}, on true labels ${report.trainAccuracyTrue.toFixed(3)}; held-out acc ${report.heldOutAccuracy!.toFixed(3)} (trained demo model ${trainedHeldOut.toFixed(3)})`,
    );
    expect(report.permutedFraction).toBeGreaterThan(0.85);
    expect(report.loss.at(-1)!).toBeLessThan(report.loss[0]);
    expect(report.trainAccuracy).toBeGreaterThan(0.4); // chance is ~0.1
    expect(report.heldOutAccuracy!).toBeLessThan(0.15);
    expect(report.trainAccuracyTrue).toBeLessThan(0.15);
    expect(trainedHeldOut).toBeGreaterThan(0.95);
    expect(ctx.calls.some((m) => m.startsWith(`training on permuted labels: epoch ${EPOCHS}/${EPOCHS}`))).toBe(true);

    const images = Array.from({ length: 6 }, (_, i) => heldOut.x.slice(i, 1) as tf.Tensor4D);
    const ids = ['saliency', 'guided-backprop'];
    const cmp = await compareModels(
      c,
      permuted,
      images,
      ids.map((id) => ({ id, method: getMethod(id) })),
      ctx,
    );
    tf.dispose(images);
    permuted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    ids.forEach((id, j) =>
      console.log(
        `[data randomisation digits] ${id}: mean over ${images.length} held-out digits |ρ| ${cmp.mean[j].spearmanAbs.toFixed(3)} ρ ${cmp.mean[j].spearman.toFixed(3)} ssim ${cmp.mean[j].ssim.toFixed(3)} hog ${cmp.mean[j].hog.toFixed(3)}; per image |ρ| ${cmp.similarity[j].map((s) => s.spearmanAbs.toFixed(2)).join(' ')}`,
      ),
    );
    expect(cmp.maps[0]).toHaveLength(6);
    expect(cmp.mean[0].spearmanAbs).toBeLessThan(0.6);
    expect(cmp.mean[0].ssim).toBeLessThan(0.6);
  });
});

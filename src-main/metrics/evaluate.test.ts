// The seeds' first finding on our own demo digits model: Fake-CAM passes
// Average Drop / Increase but fails ADCC (Poppi et al.).
import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadImageFile } from '../io/load';
import { type LoadedModel, loadModelFromPath } from '../model/load';
import { demo } from '../testing/shared-data';
import { evaluate, summarise } from './evaluate';
import { batchCtx } from './fixtures';
import { evalMethod, modelInput, topClasses } from './run-method';

describe('evaluate on the demo digits model', () => {
  let loaded: LoadedModel;
  let inputs: tf.Tensor4D[];
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    loaded = await loadModelFromPath(demo('digits', 'model.json'));
    const files = readdirSync(demo('digits', 'samples'))
      .filter((f) => f.endsWith('.png'))
      .sort();
    inputs = await Promise.all(
      files.map(async (f) => modelInput(loaded.classifier, await loadImageFile(demo('digits', 'samples', f)), loaded.info.preprocess)),
    );
  });
  afterAll(() => {
    tf.dispose(inputs);
    loaded.classifier.dispose();
  });

  it('Fake-CAM: Average Drop no worse than Grad-CAM, ADCC far below; every metric filled, no leaks', async () => {
    const c = loaded.classifier;
    const ids = ['gradcam', 'fake-cam', 'random-map', 'sobel'];
    const methods = ids.map((id) => evalMethod(id, c, { layer: loaded.info.defaultLayer, preprocess: loaded.info.preprocess }));
    const targets = await topClasses(c, inputs);
    const before = tf.memory().numTensors;
    const images = [];
    // One method at a time: runMethod's tf scopes must not interleave.
    for (const [i, input] of inputs.entries()) {
      const maps = [];
      for (const m of methods) maps.push(await m.explain(input, targets[i]));
      images.push({ input, target: targets[i], maps });
    }
    const metrics = ['average-drop', 'average-increase', 'adcc', 'deletion', 'insertion'];
    const cells = await evaluate(c, images, methods, metrics, { steps: 10 }, batchCtx());
    expect(tf.memory().numTensors).toBe(before);
    const s = summarise(ids, cells);
    const fmt = (m: string, k: string): string => `${s[m][k].mean.toFixed(3)}±${s[m][k].std.toFixed(3)}`;
    for (const m of ids)
      console.log(
        `[digits ×${inputs.length}] ${m}: AvgDrop ${fmt(m, 'average-drop')}%, AvgInc ${fmt(m, 'average-increase')}%, ADCC ${fmt(m, 'adcc')} (coh ${fmt(m, 'adcc.coherency')}, compl ${fmt(m, 'adcc.complexity')}), del ${fmt(m, 'deletion')}, ins ${fmt(m, 'insertion')}`,
      );
    expect(s['fake-cam']['average-drop'].mean).toBeLessThanOrEqual(s.gradcam['average-drop'].mean);
    // Fake-CAM keeps the whole image: coherency 1 but complexity (N−1)/N, so ADCC ≈ 0.
    expect(s['fake-cam']['adcc.coherency'].mean).toBeCloseTo(1, 6);
    expect(s['fake-cam']['adcc.complexity'].mean).toBeCloseTo(1 - 1 / 784, 6);
    expect(s['fake-cam'].adcc.mean).toBeLessThan(0.01);
    expect(s.gradcam.adcc.mean).toBeGreaterThan(0.2);
    expect(s['fake-cam'].adcc.mean).toBeLessThan(s.gradcam.adcc.mean / 10);
    // Deletion with Grad-CAM's ranking drops the class faster than with noise.
    expect(s.gradcam.deletion.mean).toBeLessThan(s['random-map'].deletion.mean);
    for (const row of cells) for (const cell of row) expect(cell.curves.deletion!.probability).toHaveLength(11);
    // A cell's value order is evaluation.csv's column order.
    expect(Object.keys(cells[0][0].values)).toEqual(['average-drop', 'average-increase', 'adcc.coherency', 'adcc.complexity', 'adcc', 'deletion', 'insertion']);
  });
});

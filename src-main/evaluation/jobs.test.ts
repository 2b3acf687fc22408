// The engine's evaluate and sanity jobs on the demo digits model: the seeds'
// two findings through the engine, progress, cancel, and no tensor left behind.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../api/types';
import { validateRequest } from '../api/validate';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { demo } from '../testing/shared-data';

const engine = new LocalEngine();
let modelId = '';
const samples = ['digit-0.png', 'digit-3.png', 'digit-5.png', 'digit-7.png'].map((f) => demo('digits', 'samples', f));
const events: JobProgress[] = [];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
  engine.onProgress((p) => events.push(p));
});
afterAll(() => engine.close());

describe('engine evaluate', () => {
  it('Grad-CAM vs Fake-CAM on 4 digits: Fake-CAM wins Average Drop yet loses ADCC; summary = mean of the rows; progress climbs to the end', async () => {
    const base = tf.memory().numTensors;
    const r = await engine.evaluate({
      jobId: 'ev1',
      modelId,
      paths: samples,
      methods: ['gradcam', 'fake-cam'],
      metrics: ['average-drop', 'average-increase', 'adcc', 'deletion', 'insertion'],
      options: { steps: 5 },
    });
    expect(tf.memory().numTensors).toBe(base);
    expect(r.images).toEqual(['digit-0.png', 'digit-3.png', 'digit-5.png', 'digit-7.png']);
    expect(r.rows).toHaveLength(8);
    expect(r.rows.filter((x) => x.method === 'gradcam').map((x) => x.label)).toEqual(['0', '3', '5', '7']);
    const s = r.summary;
    console.log(
      `[engine evaluate digits×4] AD gradcam ${s.gradcam['average-drop'].mean?.toFixed(2)} fake ${s['fake-cam']['average-drop'].mean?.toFixed(2)}; ADCC gradcam ${s.gradcam.adcc.mean?.toFixed(3)} fake ${s['fake-cam'].adcc.mean?.toFixed(3)}`,
    );
    expect(s['fake-cam']['average-drop'].mean!).toBeLessThanOrEqual(s.gradcam['average-drop'].mean!);
    expect(s['fake-cam'].adcc.mean!).toBeLessThan(s.gradcam.adcc.mean!);
    const del = r.rows.filter((x) => x.method === 'gradcam').map((x) => x.values.deletion!);
    const mean = del.reduce((a, b) => a + b, 0) / 4;
    expect(s.gradcam.deletion.mean).toBeCloseTo(mean, 9);
    expect(s.gradcam.deletion.std).toBeCloseTo(Math.sqrt(del.reduce((a, b) => a + (b - mean) ** 2, 0) / 3), 9);
    // round(k·784/5) of 784 pixels: 0, 157, 314, 470, 627, 784; at 0 deleted the curve is the image's own probability.
    expect(r.curves.gradcam.fraction).toEqual([0, 157, 314, 470, 627, 784].map((n) => n / 784));
    expect(r.curves.gradcam.deletion).toHaveLength(6);
    expect(r.curves.gradcam.deletion![0]).toBeCloseTo(r.curves.gradcam.insertion![5], 5);
    expect(r.options).toMatchObject({ steps: 5, deletionSubstrate: 'zero', insertionSubstrate: 'blur', batch: 32 });
    // Without perImage, the UI's payload: no per-image curves.
    expect(r.imageCurves).toBeUndefined();
    const mine = events.filter((e) => e.jobId === 'ev1');
    expect(mine.length).toBeGreaterThan(8);
    expect(mine.every((e, i) => i === 0 || e.done >= mine[i - 1].done)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ done: 1000, total: 1000 });
  });

  it('perImage with imageBatch 3 over 4 digits: per-image curves whose mean is the mean curve and whose area is the row value; progress counts 3 then 4 images', async () => {
    const r = await engine.evaluate({
      jobId: 'evp',
      modelId,
      paths: samples,
      methods: ['gradcam', 'fake-cam'],
      metrics: ['deletion', 'average-drop'],
      options: { steps: 4 },
      imageBatch: 3,
      perImage: true,
    });
    const per = r.imageCurves!;
    expect(per.map((p) => [p.image, p.target])).toEqual(r.images.map((im) => [im, r.rows.find((x) => x.image === im)!.target]));
    for (const id of ['gradcam', 'fake-cam']) {
      expect(per.every((p) => p.methods[id].insertion === undefined && p.methods[id].deletion!.fraction.length === 5)).toBe(true);
      const mean = r.curves[id].deletion!.map((_, k) => per.reduce((a, p) => a + p.methods[id].deletion!.probability[k]!, 0) / per.length);
      r.curves[id].deletion!.forEach((v, k) => expect(v).toBeCloseTo(mean[k], 12));
      for (const p of per) expect(p.methods[id].deletion!.auc).toBe(r.rows.find((x) => x.image === p.image && x.method === id)!.values.deletion);
    }
    const steps = events.filter((e) => e.jobId === 'evp').map((e) => e.step);
    expect([...new Set(steps.map((s) => s!.done))]).toEqual([0, 3, 4]);
    expect(steps.every((s) => s!.total === 4 && s!.unit === 'images')).toBe(true);
  });

  it('open images by id, masks beside them (chest phantoms 02 nodule, 01 normal): localisation only where the mask is not empty', async () => {
    const chest = (await engine.openModel({ path: demo('chest', 'model.json') })).id;
    const ids = [];
    for (const f of ['phantom-02.png', 'phantom-01.png']) ids.push((await engine.openImage({ path: demo('chest', 'samples', f) })).id);
    const r = await engine.evaluate({
      jobId: 'ev2',
      modelId: chest,
      imageIds: ids,
      methods: ['saliency', 'fake-cam'],
      metrics: ['pointing-game', 'energy-pointing-game'],
      masks: true,
    });
    expect(r.images).toEqual(['phantom-02.png', 'phantom-01.png']);
    expect(r.summary.saliency['energy-pointing-game'].n).toBe(1);
    expect(r.summary['fake-cam']['pointing-game']).toMatchObject({ mean: 0, n: 1 });
    expect(r.rows.find((x) => x.image === 'phantom-01.png')!.values['pointing-game']).toBeNull();
    await expect(engine.evaluate({ jobId: 'ev3', modelId: chest, imageIds: ids, methods: ['saliency'], metrics: ['iou'] })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/iou need ground-truth masks/),
    });
  });

  it('cancel on the first progress event: rejects "cancelled" early, no tensor left', async () => {
    const base = tf.memory().numTensors;
    const seen: JobProgress[] = [];
    const off = engine.onProgress((p) => {
      if (p.jobId !== 'evc') return;
      seen.push(p);
      if (seen.length === 1) void engine.cancel({ jobId: 'evc' });
    });
    try {
      await expect(
        engine.evaluate({
          jobId: 'evc',
          modelId,
          paths: samples,
          methods: ['gradcam', 'fake-cam', 'random-map'],
          metrics: ['deletion', 'insertion', 'adcc'],
          options: { steps: 20 },
        }),
      ).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      off();
    }
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(seen.at(-1)!.done).toBeLessThan(100);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('requests are validated before the engine: methods a non-empty list, imageBatch an integer in range, perImage a boolean', () => {
    expect(() => validateRequest('evaluate', { jobId: 'j', modelId: 'm', methods: [] })).toThrow(/"methods" must be a non-empty list/);
    expect(() => validateRequest('sanity', { jobId: 'j', modelId: 'm', methods: ['saliency'], mode: 'sideways' })).toThrow(
      /"mode" must be cascading, independent or data/,
    );
    expect(() => validateRequest('evaluate', { jobId: 'j', modelId: 'm', methods: ['gradcam'], paths: ['a.png'] })).not.toThrow();
    const ok = { jobId: 'j', modelId: 'm', methods: ['gradcam'], folder: 'imgs' };
    expect(() => validateRequest('evaluate', { ...ok, imageBatch: 0 })).toThrow(/"imageBatch" must be an integer in 1…1024/);
    expect(() => validateRequest('evaluate', { ...ok, imageBatch: 2.5 })).toThrow(/"imageBatch"/);
    expect(() => validateRequest('evaluate', { ...ok, perImage: 'yes' })).toThrow(/"perImage" must be true or false/);
    expect(() => validateRequest('evaluate', { ...ok, folder: 3 })).toThrow(/"folder" must be a non-empty string/);
    expect(() => validateRequest('evaluate', { ...ok, imageBatch: 1024, perImage: true })).not.toThrow();
  });
});

describe('engine sanity', () => {
  it('cascading on digit 3: Guided Backprop stays similar, the gradient does not; thumbnails of every step', async () => {
    const imageId = (await engine.openImage({ path: demo('digits', 'samples', 'digit-3.png') })).id;
    const base = tf.memory().numTensors;
    const r = await engine.sanity({ jobId: 'sc1', modelId, imageId, mode: 'cascading', methods: ['saliency', 'guided-backprop'] });
    expect(tf.memory().numTensors).toBe(base);
    expect(r.columns.map((c) => c.label)).toEqual(['original', 'probs', 'conv2', 'conv1']);
    expect(r.columns[3].layers).toEqual(['probs', 'conv2', 'conv1']);
    expect(r.target).toEqual({ index: 3, label: '3' });
    const [grad, gbp] = [r.similarity[0], r.similarity[1]];
    expect(grad[0].spearmanAbs).toBe(1);
    console.log(`[engine sanity digit-3] final |ρ| saliency ${grad[3].spearmanAbs?.toFixed(3)}, guided-backprop ${gbp[3].spearmanAbs?.toFixed(3)}`);
    expect(gbp[3].spearmanAbs!).toBeGreaterThan(grad[3].spearmanAbs!);
    expect(r.thumbs).toHaveLength(2);
    expect(r.thumbs[0]).toHaveLength(4);
    for (const t of r.thumbs.flat()) {
      expect([t.width, t.height, t.pixels.length]).toEqual([28, 28, 784]);
      expect(Math.max(...t.pixels)).toBe(255); // scaled by the 99th percentile, clipped
    }
    const mine = events.filter((e) => e.jobId === 'sc1');
    expect(mine.map((e) => e.done)).toEqual([1, 2, 3, 4]);
  });

  it('data mode (2 epochs on 200 digits): a training report, progress per batch, maps of both models; cancel stops training', async () => {
    const base = tf.memory().numTensors;
    const r = await engine.sanity({ jobId: 'sd1', modelId, mode: 'data', methods: ['saliency'], epochs: 2, trainLimit: 200 });
    expect(tf.memory().numTensors).toBe(base);
    expect(r.training).toMatchObject({ trainImages: 200, epochs: 2 });
    expect(r.training!.loss).toHaveLength(2);
    expect(r.training!.trainedModelHeldOutAccuracy!).toBeGreaterThan(0.9);
    expect(r.columns).toHaveLength(6);
    expect(r.permutedThumbs![0]).toHaveLength(6);
    expect(r.mean![0].spearmanAbs!).toBeLessThan(0.9);
    expect(events.filter((e) => e.jobId === 'sd1' && /training on permuted labels: epoch 2\/2, batch 7\/7/.test(e.message ?? ''))).toHaveLength(1);
    const off = engine.onProgress((p) => p.jobId === 'sdc' && /epoch 1\/5, batch 2\//.test(p.message ?? '') && void engine.cancel({ jobId: 'sdc' }));
    try {
      await expect(engine.sanity({ jobId: 'sdc', modelId, mode: 'data', methods: ['saliency'], epochs: 5, trainLimit: 200 })).rejects.toMatchObject({
        code: 'cancelled',
      });
    } finally {
      off();
    }
    expect(events.filter((e) => e.jobId === 'sdc' && /epoch 2\//.test(e.message ?? ''))).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(base);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, HAVE_SHARED, shared, SHARED_MODELS } from '../testing/shared-data';
import { initBackend } from './backend';
import { LocalEngine } from './engine';

const engine = new LocalEngine();
let modelId = '';
let imageId = '';

beforeAll(async () => {
  await initBackend();
  modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
  imageId = (await engine.openImage({ path: demo('digits', 'samples', 'digit-7.png') })).id;
});
afterAll(() => engine.close());

describe('LocalEngine', () => {
  it('reports the backend ladder with a reason for every skipped rung', async () => {
    const info = await engine.info();
    const chosen = info.ladder.findIndex((r) => r.name === info.backend);
    const skipped = info.ladder.filter((r) => r.skipped);
    expect(skipped.map((r) => r.name)).toEqual(info.ladder.slice(0, chosen).map((r) => r.name));
    for (const r of skipped) expect(r.skipped).toMatch(/not installed|failed to load/);
  });

  it('predicts the demo digit with probabilities that sum to 1 over all classes', async () => {
    const p = await engine.predict({ modelId, imageId, topK: 10 });
    expect(p.top[0].label).toBe('7');
    expect(p.top.reduce((a, t) => a + t.probability, 0)).toBeCloseTo(1, 5);
    // Logits are pre-softmax scores: softmax of them reproduces the probabilities.
    const z = p.top.map((t) => Math.exp(t.logit));
    const sum = z.reduce((a, b) => a + b, 0);
    p.top.forEach((t, i) => expect(z[i] / sum).toBeCloseTo(t.probability, 5));
  });

  it('jobs started together (a grid cell and the single view) give the maps they give alone, and leave no tensors', async () => {
    const req = (method: string, jobId: string, params = {}) => ({ modelId, imageId, method, jobId, params });
    const alone = [
      await engine.explain(req('integrated-gradients', 'a1', { steps: 16, batch: 4 })),
      await engine.explain(req('occlusion', 'a2', { window: 7, stride: 7 })),
      await engine.explain(req('gradcam', 'a3')),
    ];
    const base = tf.memory().numTensors;
    // Each method awaits between batches; before runScoped, one job's scope ended the other's and disposed its tensors.
    const together = await Promise.all([
      engine.explain(req('integrated-gradients', 'b1', { steps: 16, batch: 4 })),
      engine.explain(req('occlusion', 'b2', { window: 7, stride: 7 })),
      engine.explain(req('gradcam', 'b3')),
    ]);
    expect(tf.memory().numTensors).toBe(base);
    together.forEach((r, i) => expect(Array.from(r.map)).toEqual(Array.from(alone[i].map)));
  });

  it('explain leaves no tensors behind, on success and on every failure', async () => {
    const base = tf.memory().numTensors;
    const r = await engine.explain({ modelId, imageId, method: 'saliency', jobId: 'ok' });
    expect(r.shape).toEqual([28, 28]);
    expect(r.target.label).toBe('7');
    expect(tf.memory().numTensors).toBe(base);
    await expect(engine.explain({ modelId, imageId, method: 'saliency', target: 10, jobId: 'bad' })).rejects.toMatchObject({
      code: 'bad-target',
      message: expect.stringContaining('0–9'),
    });
    expect(tf.memory().numTensors).toBe(base);
    await expect(engine.explain({ modelId, imageId, method: 'nope', jobId: 'x' })).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(engine.explain({ modelId, imageId, method: 'saliency', params: { steps: 3 }, jobId: 'p' })).rejects.toMatchObject({ code: 'bad-param' });
    expect(tf.memory().numTensors).toBe(base);
  });

  it('a cancelled job rejects with code "cancelled" and leaves no tensors', async () => {
    const base = tf.memory().numTensors;
    const job = engine.explain({ modelId, imageId, method: 'saliency', jobId: 'c1' });
    expect((await engine.cancel({ jobId: 'c1' })).cancelled).toBe(true);
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    expect(tf.memory().numTensors).toBe(base);
    expect((await engine.cancel({ jobId: 'c1' })).cancelled).toBe(false);
  });

  it('lists the demos with their sample images', async () => {
    const demos = await engine.demos();
    const digits = demos.find((d) => d.id === 'digits');
    expect(digits?.images.length).toBeGreaterThan(0);
    expect(digits?.images.every((i) => !i.name.includes('.mask.'))).toBe(true);
  });
});

describe.skipIf(!HAVE_SHARED)('LocalEngine on real data', () => {
  it('feeds an RGB photo to a grey model and a grey radiograph to an RGB model', async () => {
    const lenet = (await engine.openModel({ path: SHARED_MODELS.lenet })).id;
    const darknet = (await engine.openModel({ path: SHARED_MODELS.darknet })).id;
    const cat = (await engine.openImage({ path: shared('images', 'skimage_chelsea.png') })).id;
    const cxr = (await engine.openImage({ path: shared('dicom', 'nih_cxr14_dx_implicit_vr.dcm') })).id;
    expect((await engine.predict({ modelId: lenet, imageId: cat })).top).toHaveLength(5);
    const p = await engine.predict({ modelId: darknet, imageId: cat, topK: 3 });
    expect(['Egyptian cat', 'tabby', 'tiger cat']).toContain(p.top[0].label);
    expect((await engine.predict({ modelId: darknet, imageId: cxr })).top[0].probability).toBeGreaterThan(0);
  });
});

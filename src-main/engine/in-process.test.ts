import { afterAll, describe, expect, it } from 'vitest';
import type { JobProgress, StudioBackend } from '../api/types';
import { demo } from '../testing/shared-data';
import { startEngine } from './client';
import { startInProcess } from './in-process';

/** The error a call fails with, as the code and message a host would show. */
const refusal = (p: Promise<unknown>): Promise<{ code: string; message: string }> =>
  p.then(
    () => ({ code: 'none', message: 'the request was accepted' }),
    (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
  );

describe('in-process backend', () => {
  const pending = startInProcess();
  // The worker client validates before it starts a worker: none is started here.
  const worker = startEngine();
  afterAll(async () => Promise.all([(await pending).close(), (await worker).close()]));

  const bad: [string, (api: StudioBackend) => Promise<unknown>][] = [
    ['an empty model id', (api) => api.predict({ modelId: '', imageId: 'x' })],
    ['an image with neither path nor file', (api) => api.openImage({})],
    ['a target that is not a class index', (api) => api.explain({ modelId: 'm', imageId: 'i', method: 'saliency', jobId: 'j', target: 'abc' as never })],
    ['an unknown sanity mode', (api) => api.sanity({ jobId: 'j', modelId: 'm', methods: ['saliency'], mode: 'sideways' as never })],
    ['a sanity seed out of range', (api) => api.sanity({ jobId: 'j', modelId: 'm', methods: ['saliency'], mode: 'cascading', seed: -1 })],
    ['an unknown BIM variant', (api) => api.bim({ jobId: 'j', variant: 'faces' as never })],
    ['too few TCAV random sets', (api) => api.tcav({ jobId: 'j', modelId: 'm', concept: 'c', random: 'r', images: 'i', classes: [1], randomSets: 1 })],
    ['a project save with no snapshot', (api) => api.saveProject({ name: 'x' } as never)],
  ];

  it.each(bad)('%s is refused with the same code and message as through the worker client', async (_what, call) => {
    const here = await refusal(call(await pending));
    expect(here.code).toBe('bad-request');
    expect(here).toEqual(await refusal(call(await worker)));
  });

  it('serves a good request and streams the job progress', async () => {
    const api = await pending;
    const model = await api.openModel({ path: demo('digits', 'model.json') });
    const image = await api.openImage({ path: demo('digits', 'samples', 'digit-3.png') });
    const seen: JobProgress[] = [];
    const off = api.onProgress((p) => seen.push(p));
    const r = await api.explain({ modelId: model.id, imageId: image.id, method: 'saliency', jobId: 'ip1' });
    off();
    expect(r.map).toBeInstanceOf(Float32Array);
    expect(r.shape).toEqual([28, 28]);
    expect(r.target.label).toBe('3');
    expect(seen.some((p) => p.jobId === 'ip1' && p.done === p.total)).toBe(true);
    // Out-of-range values the rules cannot know (the class count) are the engine's to refuse.
    await expect(api.explain({ modelId: model.id, imageId: image.id, method: 'saliency', jobId: 'ip2', target: 10 })).rejects.toMatchObject({
      code: 'bad-target',
    });
  });

  it('progress of a staged job carries its phase and whole units done', async () => {
    const api = await pending;
    const model = await api.openModel({ path: demo('digits', 'model.json') });
    const seen: JobProgress[] = [];
    const off = api.onProgress((p) => p.jobId === 'ev' && seen.push(p));
    const r = await api.evaluate({
      jobId: 'ev',
      modelId: model.id,
      paths: [demo('digits', 'samples', 'digit-3.png'), demo('digits', 'samples', 'digit-7.png')],
      methods: ['saliency'],
      metrics: ['deletion'],
      options: { steps: 2 },
    });
    off();
    expect(r.images).toHaveLength(2);
    expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['maps', 'metrics']));
    expect(seen.every((p) => p.step?.unit === 'images' && p.step.total === 2)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ done: 1000, total: 1000, step: { done: 2, total: 2 } });
    // Whole images done never go down.
    expect(seen.map((p) => p.step!.done)).toEqual([...seen.map((p) => p.step!.done)].sort((a, b) => a - b));
  });

  it('data randomisation says which events are training and when an epoch is done', async () => {
    const api = await pending;
    const model = await api.openModel({ path: demo('digits', 'model.json') });
    const seen: JobProgress[] = [];
    const off = api.onProgress((p) => p.jobId === 'dr' && seen.push(p));
    await api.sanity({ jobId: 'dr', modelId: model.id, mode: 'data', methods: ['saliency'], epochs: 2, trainLimit: 40, batchSize: 20 });
    off();
    const training = seen.filter((p) => p.phase === 'training');
    // Two batches per epoch: the epochs done count up on each epoch's last batch only.
    expect(training.map((p) => p.step)).toEqual([0, 1, 1, 2].map((done) => ({ done, total: 2, unit: 'epochs' })));
    expect(seen.filter((p) => p.phase === 'maps').at(-1)).toMatchObject({ step: { done: 6, total: 6, unit: 'images' } });
  });

  it('refuses calls once closed', async () => {
    const api = await startInProcess();
    await api.close();
    await expect(api.methods()).rejects.toMatchObject({ code: 'engine-closed' });
  });
});

// The engine pool (pool.ts) on real worker threads: jobs run side by side on
// the job workers and give the maps one worker gives; a prediction is served
// by the interactive worker while every job worker is busy; cancel follows
// its job; a close reaches every worker that opened the item; a crashed job
// worker fails its own job only and serves the next one with what was open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../testing/shared-data';
import { type EngineBackend, startEngine } from './client';
import { defaultJobWorkers, EnginePool } from './pool';

const RISE = { method: 'rise', params: { samples: 1500, batch: 50, seed: 7 } };

describe('engine pool', () => {
  let api: EngineBackend;
  let single: EngineBackend;
  let model: string;
  let image: string;

  beforeAll(async () => {
    [api, single] = await Promise.all([startEngine({ workers: 2 }), startEngine()]);
    model = (await api.openModel({ path: demo('digits', 'model.json') })).id;
    image = (await api.openImage({ path: demo('digits', 'samples', 'digit-3.png') })).id;
  });
  afterAll(async () => {
    await api?.close();
    await single?.close();
  });

  it('has an interactive worker and two job workers; with one job worker, one worker does both', () => {
    expect(api.pool).toBeInstanceOf(EnginePool);
    expect(api.pool.workers).toHaveLength(3);
    expect(single.pool.workers).toHaveLength(1);
  });

  it('runs two jobs at once, one per job worker, with the maps one worker gives (bit-identical)', async () => {
    // The most jobs each worker carried at once, read every 2 ms while both run (a fixed wait
    // would assume how long this machine takes for one job).
    const peak = [0, 0, 0];
    let together = 0; // the most jobs running at one instant
    const timer = setInterval(() => {
      const load = api.pool.load();
      load.forEach((v, i) => (peak[i] = Math.max(peak[i], v)));
      together = Math.max(
        together,
        load.reduce((a, b) => a + b, 0),
      );
    }, 2);
    const a = api.explain({ modelId: model, imageId: image, jobId: 'pa', ...RISE });
    const b = api.explain({ modelId: model, imageId: image, jobId: 'pb', ...RISE });
    const [ra, rb] = await Promise.all([a, b]).finally(() => clearInterval(timer));
    expect(peak).toEqual([0, 1, 1]);
    expect(together).toBe(2);
    const m = (await single.openModel({ path: demo('digits', 'model.json') })).id;
    const i = (await single.openImage({ path: demo('digits', 'samples', 'digit-3.png') })).id;
    const ref = await single.explain({ modelId: m, imageId: i, jobId: 's', ...RISE });
    expect(Array.from(ra.map)).toEqual(Array.from(ref.map));
    expect(Array.from(rb.map)).toEqual(Array.from(ref.map));
    expect(api.pool.load()).toEqual([0, 0, 0]);
  });

  it('answers a prediction while both job workers are busy, and cancel reaches the job where it runs', async () => {
    const settled: string[] = [];
    const long = { ...RISE, params: { ...RISE.params, samples: 40000 } };
    const a = api.explain({ modelId: model, imageId: image, jobId: 'la', ...long }).catch((e: unknown) => e);
    const b = api.explain({ modelId: model, imageId: image, jobId: 'lb', ...long }).catch((e: unknown) => e);
    void a.then(() => settled.push('a'));
    void b.then(() => settled.push('b'));
    await new Promise((r) => setTimeout(r, 100));
    const p = await api.predict({ modelId: model, imageId: image });
    expect(p.top[0].label).toBe('3');
    expect(settled).toEqual([]);
    const t0 = performance.now();
    await api.cancel({ jobId: 'la' });
    await api.cancel({ jobId: 'lb' });
    expect(await a).toMatchObject({ code: 'cancelled' });
    expect(await b).toMatchObject({ code: 'cancelled' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a crashed job worker fails its own job only; the next job there reopens what it had', async () => {
    // Both job workers hold the model and image by now; crash the first. The jobs are gradient
    // methods (tfjs only): terminating a worker while onnxruntime runs in it can take the whole
    // process down (seen once in CI), which a real crash would do anyway.
    const workers = api.pool.workers as unknown as { crashForTest(): Promise<void> }[];
    const IG = { method: 'integrated-gradients', params: { steps: 1024 } };
    const a = api.explain({ modelId: model, imageId: image, jobId: 'ca', ...IG }).catch((e: unknown) => e);
    const b = api.explain({ modelId: model, imageId: image, jobId: 'cb', ...IG });
    await new Promise((r) => setTimeout(r, 50));
    await workers[1].crashForTest();
    expect(await a).toMatchObject({ code: 'engine-crashed', message: expect.stringContaining('job ca') });
    expect((await b).map.length).toBe(28 * 28);
    const again = await api.explain({ modelId: model, imageId: image, jobId: 'cc', method: 'saliency' });
    const again2 = await api.explain({ modelId: model, imageId: image, jobId: 'cd', method: 'saliency' });
    expect(Array.from(again.map)).toEqual(Array.from(again2.map));
  });

  it('a close reaches every worker that opened the item', async () => {
    const img = (await api.openImage({ path: demo('digits', 'samples', 'digit-7.png') })).id;
    await Promise.all([
      api.explain({ modelId: model, imageId: img, jobId: 'x1', method: 'saliency' }),
      api.explain({ modelId: model, imageId: img, jobId: 'x2', method: 'saliency' }),
    ]);
    await api.closeImage({ imageId: img });
    for (const jobId of ['y1', 'y2']) {
      await expect(api.explain({ modelId: model, imageId: img, jobId, method: 'saliency' })).rejects.toMatchObject({ code: expect.any(String) });
    }
    await expect(api.predict({ modelId: model, imageId: img })).rejects.toBeTruthy();
  });

  it('defaults: SALIENCY_WORKERS, else the cores within free memory, and 1 on the native backend', () => {
    expect(defaultJobWorkers(undefined, { SALIENCY_WORKERS: '3' })).toBe(3);
    expect(defaultJobWorkers(2, { SALIENCY_WORKERS: '3' })).toBe(2);
    expect(defaultJobWorkers(undefined, { SALIENCY_BACKEND: 'tensorflow' })).toBe(1);
    const d = defaultJobWorkers(undefined, {});
    expect(d).toBeGreaterThanOrEqual(1);
  });
});

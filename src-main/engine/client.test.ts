import { afterAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../api/types';
import { join } from 'node:path';
import { demo } from '../testing/shared-data';
import { startEngine } from './client';

describe('engine worker client', () => {
  const pending = startEngine();
  afterAll(async () => (await pending).close());

  it('serves the operations from a worker thread and streams progress', async () => {
    const api = await pending;
    expect((await api.info()).backend).toBe('wasm');
    const model = await api.openModel({ path: demo('digits', 'model.json') });
    const image = await api.openImage({ path: demo('digits', 'samples', 'digit-3.png') });
    const seen: JobProgress[] = [];
    const off = api.onProgress((p) => seen.push(p));
    const r = await api.explain({ modelId: model.id, imageId: image.id, method: 'saliency', jobId: 'w1' });
    off();
    expect(r.map).toBeInstanceOf(Float32Array);
    expect(r.map.length).toBe(28 * 28);
    expect(r.target.label).toBe('3');
    expect(seen.some((p) => p.jobId === 'w1' && p.done === p.total)).toBe(true);
  });

  it('rejects malformed requests before they reach the worker', async () => {
    const api = await pending;
    await expect(api.predict({ modelId: '', imageId: 'x' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.openImage({})).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('a worker crash fails the running call, names it, and the next call gets a fresh worker', async () => {
    const api = await pending;
    const slow = api.openModel({ path: demo('digits', 'model.json') }).catch((e: unknown) => e);
    await api.engine.crashForTest();
    expect(await slow).toMatchObject({ code: 'engine-crashed', message: expect.stringContaining('openModel') });
    expect(api.engine.restarts).toBe(1);
    expect((await api.methods()).map((m) => m.id)).toContain('saliency');
  });

  it('after a crash the fresh worker reopens the open model and image under the same ids, and later opens get new ids', async () => {
    const api = await pending;
    const model = await api.openModel({ path: demo('digits', 'model.json') });
    const image = await api.openImage({ path: demo('digits', 'samples', 'digit-3.png') });
    const before = await api.explain({ modelId: model.id, imageId: image.id, method: 'saliency', jobId: 'pre' });
    const restarts = api.engine.restarts;
    await api.engine.crashForTest();
    const after = await api.explain({ modelId: model.id, imageId: image.id, method: 'saliency', jobId: 'post' });
    expect(api.engine.restarts).toBe(restarts + 1);
    expect(after.target.label).toBe('3');
    expect(Array.from(after.map)).toEqual(Array.from(before.map));
    const other = await api.openImage({ path: demo('digits', 'samples', 'digit-7.png') });
    expect(other.id).not.toBe(image.id);
    expect(other.id).not.toBe(model.id);
    expect((await api.predict({ modelId: model.id, imageId: other.id })).top[0].label).toBe('7');
    expect((await api.predict({ modelId: model.id, imageId: image.id })).top[0].label).toBe('3');
  });

  it('a job still running after its cancel grace period is ended by restarting the worker', async () => {
    const api = await startEngine({ workerPath: join(import.meta.dirname, 'testing', 'hanging-worker.mjs') });
    api.engine.cancelGraceMs = 200;
    try {
      const image = await api.openImage({ path: 'x.png' });
      const job = api.explain({ modelId: 'm', imageId: image.id, method: 'saliency', jobId: 'stuck' }).catch((e: unknown) => e);
      expect(await api.cancel({ jobId: 'stuck' })).toEqual({ cancelled: true });
      expect(await job).toMatchObject({ code: 'cancelled', message: expect.stringContaining('did not stop within 0.2 s') });
      await new Promise((r) => setTimeout(r, 50));
      expect(api.engine.restarts).toBe(1);
      // The fresh worker got the image reopened; the host's id still works.
      expect(await api.predict({ modelId: 'm', imageId: image.id })).toMatchObject({ imageId: 'openImage-1' });
    } finally {
      await api.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { API_OPS } from '../../api/spec';
import { studioApiMembers } from '../../testing/api-members';
import { mockBackend } from './mock-backend';

const NON_OPS = ['onProgress', 'emit', 'listenerCount', 'close'];

describe('the mock backend', () => {
  it('has exactly the operations StudioApi declares (read from source), plus the stream and close', () => {
    const b = mockBackend();
    const ops = Object.keys(b).filter((k) => !NON_OPS.includes(k));
    expect([...ops].sort()).toEqual([...studioApiMembers()].sort());
    expect([...ops].sort()).toEqual([...API_OPS].sort());
    for (const k of Object.keys(b)) expect(typeof (b as unknown as Record<string, unknown>)[k]).toBe('function');
  });

  it('an operation the test did not mock rejects with not-mocked, naming it', async () => {
    const b = mockBackend({ info: async () => ({ backend: 'cpu' }) });
    await expect(b.predict({ modelId: 'm', imageId: 'i' })).rejects.toMatchObject({
      name: 'StudioError',
      code: 'not-mocked',
      message: 'predict is not mocked in this test',
    });
    await expect(b.info()).resolves.toEqual({ backend: 'cpu' });
    expect(b.info).toHaveBeenCalledTimes(1);
    expect(b.predict).toHaveBeenCalledWith({ modelId: 'm', imageId: 'i' });
  });

  it('an override that throws becomes a rejection; emit reaches the subscribed listeners until they unsubscribe', async () => {
    const b = mockBackend({
      openModel: () => {
        throw Object.assign(new Error('bad'), { code: 'bad-model' });
      },
    });
    await expect(b.openModel({ path: 'x' })).rejects.toMatchObject({ code: 'bad-model' });
    const seen: string[] = [];
    const off = b.onProgress((p) => seen.push(p.jobId));
    b.emit({ jobId: 'j1', done: 1, total: 2 });
    expect(b.listenerCount()).toBe(1);
    off();
    b.emit({ jobId: 'j2', done: 1, total: 2 });
    expect(seen).toEqual(['j1']);
    expect(b.listenerCount()).toBe(0);
    await b.close();
    expect(b.close).toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/api/types';
import { HostError } from '../host/Host';
import { mockHost } from '../testing/mock-host';
import { isCancelled, nextJobId, runJob } from './runJob';

/** A host whose progress stream the test drives and whose listeners it counts; only `cancel` answers. */
function fakeHost() {
  const { host, api, emit } = mockHost({ cancel: async () => ({ cancelled: true }) });
  return { host, api, emit, listeners: () => api.listenerCount() };
}

/** A job the test settles by hand. */
function deferred<R>() {
  let resolve!: (r: R) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<R>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('runJob', () => {
  it('names the job with a page-unique id and passes it to the call', async () => {
    const { host } = fakeHost();
    const a = runJob(host, async (id) => id);
    const b = runJob(host, async (id) => id);
    expect(a.id).not.toBe(b.id);
    expect(await a.result).toBe(a.id);
    expect(nextJobId()).not.toBe(nextJobId());
    expect(runJob(host, async (id) => id, { id: 'mine' }).id).toBe('mine');
  });

  it('routes progress only for its own id, and unsubscribes when it resolves', async () => {
    const { host, listeners, emit } = fakeHost();
    const seen: JobProgress[] = [];
    const d = deferred<number>();
    const job = runJob(host, () => d.promise, { id: 'j1', onProgress: (p) => seen.push(p) });
    expect(listeners()).toBe(1);
    emit({ jobId: 'j1', done: 1, total: 3 });
    emit({ jobId: 'other', done: 2, total: 3 });
    d.resolve(7);
    expect(await job.result).toBe(7);
    expect(listeners()).toBe(0);
    emit({ jobId: 'j1', done: 3, total: 3 });
    expect(seen).toEqual([{ jobId: 'j1', done: 1, total: 3 }]);
    expect(job.ended).toBe(true);
  });

  it('unsubscribes when it rejects, and when the call throws at once', async () => {
    const { host, listeners } = fakeHost();
    const d = deferred<number>();
    const job = runJob(host, () => d.promise, { onProgress: () => undefined });
    d.reject(new HostError('out of memory', 'internal'));
    await expect(job.result).rejects.toMatchObject({ code: 'internal' });
    expect(listeners()).toBe(0);
    const thrown = runJob(
      host,
      () => {
        throw new Error('bad request');
      },
      { onProgress: () => undefined },
    );
    await expect(thrown.result).rejects.toThrow('bad request');
    expect(listeners()).toBe(0);
  });

  it('does not listen at all without a progress callback', () => {
    const { host, listeners } = fakeHost();
    runJob(host, () => new Promise(() => undefined));
    expect(listeners()).toBe(0);
  });

  it('cancel asks the engine once, by its id; after the end it does nothing', async () => {
    const { host, api } = fakeHost();
    const d = deferred<number>();
    const job = runJob(host, () => d.promise, { id: 'j9' });
    await job.cancel();
    await job.cancel();
    expect(api.cancel).toHaveBeenCalledTimes(1);
    expect(api.cancel).toHaveBeenCalledWith({ jobId: 'j9' });
    expect(job.cancelRequested).toBe(true);
    d.reject(new HostError('the job was cancelled', 'cancelled'));
    await expect(job.result).rejects.toSatisfy(isCancelled);
    const done = runJob(host, async () => 1);
    await done.result;
    await done.cancel();
    expect(api.cancel).toHaveBeenCalledTimes(1);
  });

  it('isCancelled is the error code cancelled, never the message', () => {
    expect(isCancelled(new HostError('anything', 'cancelled'))).toBe(true);
    expect(isCancelled({ code: 'cancelled', message: '' })).toBe(true);
    expect(isCancelled(new HostError('the job was cancelled', 'internal'))).toBe(false);
    expect(isCancelled(new Error('cancelled'))).toBe(false);
    expect(isCancelled(new HostError('x', 'canceled'))).toBe(false);
    expect(isCancelled('cancelled')).toBe(false);
    expect(isCancelled(null)).toBe(false);
  });
});

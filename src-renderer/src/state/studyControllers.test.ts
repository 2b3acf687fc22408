import { describe, expect, it, vi } from 'vitest';
import type { ClassModelFrame } from '../../../src-main/api/class-model-types';
import { HostError } from '../host/Host';
import * as f from '../testing/fixtures';
import { mockHost } from '../testing/mock-host';
import { session } from './actions';
import { createBimController } from './bimController';
import { createClassModelController } from './classModelController';
import { createEvaluateController } from './evaluateController';
import { createLocalizeController } from './localizeController';
import { createStore } from './store';
import { initialState } from './types';

/**
 * Every job call waits until the test settles it; progress is a broadcast, as
 * from a real host. Any other operation rejects as not mocked (and so would
 * show a banner).
 */
function setup() {
  const pending = new Map<string, { resolve: (r: unknown) => void; reject: (e: unknown) => void }>();
  const job = (req: { jobId: string }) => new Promise((resolve, reject) => pending.set(req.jobId, { resolve, reject }));
  const { host, api, emit } = mockHost({
    evaluate: job,
    bim: job,
    classModel: job,
    localize: job,
    cancel: async ({ jobId }) => (pending.get(jobId)?.reject(new HostError('the job was cancelled', 'cancelled')), { cancelled: true }),
    classModelControl: async () => ({ ok: true }),
  });
  const studio = createStore(initialState);
  studio.set(session.modelOpened, f.model('m1'));
  let n = 0;
  const ids = () => `j${++n}`;
  return { api, host, studio, ids, pending, listeners: () => api.listenerCount(), emit };
}

describe('evaluate controller', () => {
  it('runs one job at a time, takes only its own progress, and a cancel ends it without a banner', async () => {
    const t = setup();
    const ev = createEvaluateController(t.host, t.studio, t.ids);
    const run = ev.evaluate('m1', null, ['/a.png']);
    void ev.sanity('m1', 'i1'); // refused while a job runs (sanity is not mocked: a call would show a banner)
    expect(t.api.sanity).not.toHaveBeenCalled();
    expect(t.api.evaluate.mock.calls[0][0]).toMatchObject({ jobId: 'j1', paths: ['/a.png'] });
    t.emit({ jobId: 'j1', done: 1, total: 4 });
    t.emit({ jobId: 'elsewhere', done: 3, total: 4 });
    expect(ev.store.get().job?.progress?.done).toBe(1);
    await ev.cancel();
    await run;
    expect(t.api.cancel).toHaveBeenCalledWith({ jobId: 'j1' });
    expect([ev.store.get().job, t.studio.get().errors, t.listeners()]).toEqual([null, [], 0]);
  });

  it('records each run’s model and image by id and name: the current image, or the demo samples it read', async () => {
    const t = setup();
    t.studio.set(session.imageOpened, f.image('i1', { name: 'digit-3.png' }));
    const ev = createEvaluateController(t.host, t.studio, t.ids);
    const run = ev.evaluate('m1', 'i1', ['/a.png', '/b.png']);
    expect(ev.store.get().sources.evaluate).toEqual({ modelId: 'm1', modelName: 'model m1', imageId: null, imageName: '2 demo samples' });
    t.pending.get('j1')!.resolve({ jobId: 'j1' });
    await run;
    ev.apply('imagesSet', 'current');
    const again = ev.evaluate('m1', 'i1', ['/a.png']);
    expect(ev.store.get().sources.evaluate).toEqual({ modelId: 'm1', modelName: 'model m1', imageId: 'i1', imageName: 'digit-3.png' });
    t.pending.get('j2')!.resolve({ jobId: 'j2' });
    await again;
  });

  it('any other failure goes to the error banner', async () => {
    const t = setup();
    const ev = createEvaluateController(t.host, t.studio, t.ids);
    const run = ev.evaluate('m1', null, ['/a.png']);
    t.pending.get('j1')!.reject(new HostError('job cancelled by nobody: out of memory', 'internal'));
    await run;
    expect(t.studio.get().errors.map((e) => e.message)).toEqual(['Evaluation failed: job cancelled by nobody: out of memory']);
  });
});

describe('BIM controller', () => {
  it('shows its progress from the start and says Cancelled after a cancel', async () => {
    const t = setup();
    const bim = createBimController(t.host, t.ids);
    const run = bim.run({ variant: 'objects', methods: ['saliency'], n: 2 });
    expect(bim.store.get()).toMatchObject({ jobId: 'j1', progress: { done: 0, message: 'starting' } });
    t.emit({ jobId: 'j1', done: 1, total: 2 });
    expect(bim.store.get().progress?.done).toBe(1);
    bim.cancel();
    await run;
    expect(bim.store.get()).toMatchObject({ jobId: null, progress: null, error: 'Cancelled.' });
  });
});

describe('class-model controller', () => {
  it('takes the frames of its run only, and stops and clears the run when the model changes', async () => {
    const t = setup();
    const cm = createClassModelController(t.host, t.studio, t.ids);
    const run = cm.start();
    expect(t.api.classModel.mock.calls[0][0]).toMatchObject({ jobId: 'j1', modelId: 'm1', keepAlive: true });
    const frame: ClassModelFrame = { step: 1, steps: 10, logit: 2, probability: 0.5, top: 3, status: 'running', rgba: new Uint8Array(4), width: 1, height: 1 };
    t.emit({ jobId: 'other', done: 1, total: 10, frame });
    expect(cm.store.get().history).toEqual([]);
    t.emit({ jobId: 'j1', done: 1, total: 10, frame });
    expect(cm.store.get().history).toEqual([{ step: 1, logit: 2, probability: 0.5 }]);
    expect(cm.store.get().from).toEqual({ modelId: 'm1', modelName: 'model m1', imageId: null, imageName: null });
    t.studio.set(session.modelOpened, f.model('m2'));
    expect(t.api.classModelControl).toHaveBeenCalledWith({ runId: 'j1', action: 'stop' });
    // The old model's image and chart go at once; the stopped run's end does not bring them back.
    expect([cm.store.get().runId, cm.store.get().frame, cm.store.get().history, cm.store.get().from]).toEqual([null, null, [], null]);
    t.pending.get('j1')!.resolve({ jobId: 'j1', status: 'stopped' });
    await run;
    expect([cm.store.get().runId, cm.store.get().status, cm.store.get().result, t.listeners()]).toEqual([null, 'idle', null, 0]);
    cm.dispose();
  });
});

describe('class-model controller: a finished run', () => {
  it('Start after the run reached its steps stops the kept-alive run and starts a new one; the old end is ignored', async () => {
    const t = setup();
    const cm = createClassModelController(t.host, t.studio, t.ids);
    const first = cm.start();
    const done: ClassModelFrame = { step: 10, steps: 10, logit: 5, probability: 0.9, top: 3, status: 'done', rgba: new Uint8Array(4), width: 1, height: 1 };
    t.emit({ jobId: 'j1', done: 10, total: 10, frame: done });
    expect(cm.store.get()).toMatchObject({ runId: 'j1', status: 'done' });
    const second = cm.start();
    await vi.waitFor(() => expect(t.api.classModel).toHaveBeenCalledTimes(2));
    expect(t.api.classModelControl).toHaveBeenCalledWith({ runId: 'j1', action: 'stop' });
    expect(t.api.classModel.mock.calls[1][0]).toMatchObject({ jobId: 'j2' });
    expect(cm.store.get()).toMatchObject({ runId: 'j2', status: 'starting', history: [] });
    t.pending.get('j1')!.resolve({ jobId: 'j1', status: 'stopped' });
    await first;
    expect(cm.store.get().runId).toBe('j2');
    t.pending.get('j2')!.resolve({ jobId: 'j2', status: 'stopped' });
    await second;
    cm.dispose();
  });
});

describe('localize controller', () => {
  it('is busy while its job runs and reports a failure', async () => {
    const t = setup();
    const loc = createLocalizeController(t.host, t.studio, t.ids);
    const run = loc.localize('m1', 'i1', { method: 'saliency', segmenter: 'threshold', fgQuantile: 0.95, bgQuantile: 0.3 });
    expect(loc.store.get().busy).toBe(true);
    t.pending.get('j1')!.reject(new HostError('no such image', 'not-found'));
    await run;
    expect(loc.store.get().busy).toBe(false);
    expect(t.studio.get().errors.map((e) => e.message)).toEqual(['Localisation failed: no such image']);
  });
});

// The meter times a newly opened model with two small engine calls, prices the
// selected method with it, stamps progress events and, after a cancel, keeps
// what was cancelled and which method's map stayed.
import { describe, expect, it } from 'vitest';
import type { ExplainRequest } from '../../../src-main/api/types';
import * as fx from '../testing/fixtures';
import { mockHost } from '../testing/mock-host';
import { explain as ex, session } from './actions';
import { estimateFor } from './estimate';
import { BACKWARD_PROBE, createJobMeter, FORWARD_PROBE } from './jobMeter';
import { createStore } from './store';
import { initialState, type StudioState } from './types';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('job meter', () => {
  it('times the model (two probe sizes per kind, the fixed cost of a call left out), then prices the method; a cancel keeps its progress and the map on screen', async () => {
    const calls: string[] = [];
    const { host } = mockHost({
      explain: async (req: ExplainRequest & { jobId: string }) => {
        calls.push(`${req.method}:${String(req.params?.samples ?? req.params?.steps)}`);
        // 50 ms fixed per call, then 2 ms per masked forward, 10 ms per gradient.
        const ms = 50 + (req.method === 'rise' ? 2 * Number(req.params?.samples) : 10 * Number(req.params?.steps));
        return { ...fx.result(req.jobId), method: req.method, ms };
      },
    });
    const store = createStore<StudioState>({ ...initialState, methods: fx.methods, methodId: 'saliency' });
    let t = 0;
    const meter = createJobMeter(host, store, () => t).store;
    store.set(session.modelOpened, fx.model());
    expect(calls).toEqual([]);
    store.set(session.imageOpened, fx.image());
    for (let i = 0; i < 10; i++) await settle();
    const [f, b] = [FORWARD_PROBE.sizes, BACKWARD_PROBE.sizes];
    expect(calls).toEqual([
      `rise:${f[0]}`,
      `rise:${f[0]}`,
      `rise:${f[1]}`,
      `integrated-gradients:${b[0]}`,
      `integrated-gradients:${b[0]}`,
      `integrated-gradients:${b[1]}`,
    ]);
    expect(meter.get().timing).toMatchObject({ modelId: 'm1', forwardMs: 2, backwardMs: 10 });
    expect(estimateFor(store.get(), meter.get())?.ms).toBe(10); // saliency: one gradient

    // A job with progress, cancelled on top of a previous result of another method.
    store.set(ex.jobStarted, 'j1', 'm1', 'i1', 'gradcam');
    store.set(ex.explained, { ...fx.result('j1'), method: 'gradcam' });
    t = 100;
    store.set(ex.jobStarted, 'j2', 'm1', 'i1', 'saliency');
    t = 200;
    store.set(ex.jobProgressed, { jobId: 'j2', done: 3, total: 10 });
    t = 300;
    store.set(ex.jobProgressed, { jobId: 'j2', done: 6, total: 10 });
    expect(meter.get().run?.samples).toEqual([
      { t: 200, done: 3, total: 10 },
      { t: 300, done: 6, total: 10 },
    ]);
    store.set(ex.cancelRequested, 'j2');
    t = 450;
    store.set(ex.jobEnded, 'j2');
    expect(meter.get().cancelled).toEqual({ jobId: 'j2', method: 'saliency', done: 6, total: 10, elapsedMs: 350, shownMethod: 'gradcam' });
    // The next job clears the note.
    store.set(ex.jobStarted, 'j3', 'm1', 'i1', 'saliency');
    expect(meter.get().cancelled).toBeNull();
  });
});

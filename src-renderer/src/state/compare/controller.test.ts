import { describe, expect, it } from 'vitest';
import type { ExplainRequest, ExplainResult } from '../../../../src-main/api/types';
import { HostError } from '../../host';
import * as f from '../../testing/fixtures';
import { mockHost } from '../../testing/mock-host';
import { session } from '../actions';
import { createStore } from '../store';
import { initialState } from '../types';
import { createCompareController } from './controller';

/** A host whose explain calls wait until the test settles them. */
function slowHost() {
  const pending: { req: ExplainRequest & { jobId: string }; resolve: (r: ExplainResult) => void; reject: (e: Error) => void }[] = [];
  const { host, api, emit } = mockHost(
    {
      imagePixels: async () => f.pixels(),
      openImage: async (req) => f.image(req.path ?? 'x'),
      explain: (req) => new Promise<ExplainResult>((resolve, reject) => pending.push({ req, resolve, reject })),
      cancel: async ({ jobId }) => {
        pending.find((p) => p.req.jobId === jobId)?.reject(new HostError('cancelled', 'cancelled'));
        return { cancelled: true };
      },
    },
    { modelRequestFromFiles: async () => ({}), imageRequestFromFile: async () => ({}) },
  );
  return { host, api, pending, emit };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

async function setup() {
  const h = slowHost();
  const store = createStore(initialState);
  store.set(session.catalogLoaded, f.methods, f.demos);
  store.set(session.modelOpened, f.model('m1'));
  store.set(session.imageOpened, f.image('i1'));
  let n = 0;
  const ctl = createCompareController(h.host, store, () => `job-${++n}`);
  await ctl.addCurrentRow();
  return { ...h, store, ctl };
}

describe('compare controller', () => {
  it('runs one cell at a time in reading order and fills cells as they finish', async () => {
    const { store, ctl, pending, emit } = await setup();
    ctl.addColumn('saliency');
    ctl.addColumn('gradcam');
    await flush();
    expect(pending).toHaveLength(1);
    expect(pending[0].req).toMatchObject({ method: 'saliency', modelId: 'm1', imageId: 'i1', target: 'top' });
    emit({ jobId: 'job-1', done: 1, total: 4 });
    const [k1, k2] = Object.keys(store.get().compare.cells);
    expect(store.get().compare.cells[k1].progress?.done).toBe(1);
    pending[0].resolve(f.result('job-1'));
    await flush();
    expect(store.get().compare.cells[k1].status).toBe('done');
    expect(store.get().compare.cells[k2].status).toBe('running');
    // Grad-CAM needs a layer: the model's sidecar default resolves to the automatic layer request.
    expect(pending[1].req.method).toBe('gradcam');
    pending[1].resolve(f.result('job-2'));
    await flush();
    expect(Object.values(store.get().compare.cells).map((c) => c.status)).toEqual(['done', 'done']);
  });

  it('starts the next cell only when the running one ends, with several queued', async () => {
    const { store, ctl, pending } = await setup();
    for (const m of ['saliency', 'gradcam', 'saliency']) ctl.addColumn(m);
    await flush();
    pending[0].resolve(f.result('job-1'));
    await flush();
    expect(pending.map((p) => p.req.jobId)).toEqual(['job-1', 'job-2']);
    expect(Object.values(store.get().compare.cells).map((c) => c.status)).toEqual(['done', 'running', 'queued']);
  });

  it('with two job workers (EngineInfo.workers), runs two cells at once and starts the third when one ends', async () => {
    const { store, ctl, pending } = await setup();
    store.set(session.engineLoaded, { ...f.engine, workers: 2 });
    for (const m of ['saliency', 'gradcam', 'saliency']) ctl.addColumn(m);
    await flush();
    expect(pending.map((p) => p.req.jobId)).toEqual(['job-1', 'job-2']);
    expect(Object.values(store.get().compare.cells).map((c) => c.status)).toEqual(['running', 'running', 'queued']);
    pending[1].resolve(f.result('job-2'));
    await flush();
    expect(pending.map((p) => p.req.jobId)).toEqual(['job-1', 'job-2', 'job-3']);
    expect(Object.values(store.get().compare.cells).map((c) => c.status)).toEqual(['running', 'done', 'running']);
  });

  it('cancels a running cell alone, and the next one starts', async () => {
    const { store, ctl, pending, api } = await setup();
    ctl.addColumn('saliency');
    ctl.addColumn('gradcam');
    await flush();
    const [k1, k2] = Object.keys(store.get().compare.cells);
    await ctl.cancelCell(k1);
    await flush();
    expect(api.cancel).toHaveBeenCalledWith({ jobId: 'job-1' });
    expect(store.get().compare.cells[k1].status).toBe('cancelled');
    expect(store.get().compare.cells[k2].status).toBe('running');
    expect(pending).toHaveLength(2);
  });

  it('a failed cell shows its error and the rest go on; retry queues it again', async () => {
    const { store, ctl, pending } = await setup();
    ctl.addColumn('saliency');
    ctl.addColumn('gradcam');
    await flush();
    pending[0].reject(new HostError('layer not found', 'bad-request'));
    await flush();
    const [k1, k2] = Object.keys(store.get().compare.cells);
    expect(store.get().compare.cells[k1]).toMatchObject({ status: 'failed', error: 'layer not found' });
    expect(store.get().compare.cells[k2].status).toBe('running');
    pending[1].resolve(f.result('job-2'));
    await flush();
    ctl.retryCell(k1);
    await flush();
    expect(store.get().compare.cells[k1].status).toBe('running');
  });

  it('adds a demo sample per row with the grid model', async () => {
    const { store, ctl } = await setup();
    await ctl.addDemoRows({
      ...f.demos[0],
      images: [
        { name: 'a', path: 'a' },
        { name: 'b', path: 'b' },
      ],
    });
    const rows = store.get().compare.rows;
    expect(rows.map((r) => `${r.modelId}/${r.imageId}`)).toEqual(['m1/i1', 'm1/a', 'm1/b']);
    expect(Object.keys(store.get().compare.pixels).sort()).toEqual(['a', 'b', 'i1']);
  });
});

describe('compare controller, models × methods', () => {
  it('adds the current model as a row on the grid image', async () => {
    const { store, ctl } = await setup();
    store.set((s) => ({ ...s, compare: { ...s.compare, mode: 'models' as const } }));
    store.set(session.modelOpened, f.model('m2'));
    store.set(session.imageOpened, f.image('other'));
    await ctl.addCurrentRow();
    expect(store.get().compare.rows.map((r) => `${r.modelId}/${r.imageId}`)).toEqual(['m1/i1', 'm2/i1']);
  });
});

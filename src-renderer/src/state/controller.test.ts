import { describe, expect, it, vi } from 'vitest';
import type { ExplainRequest, ExplainResult } from '../../../src-main/api/types';
import type { MockOverrides } from '../../../src-main/shared/testing/mock-backend';
import { HostError } from '../host';
import * as f from '../testing/fixtures';
import { mockHost } from '../testing/mock-host';
import { explain as ex, session } from './actions';
import { paintedChosen } from './maskLab';
import { createController } from './controller';
import { createStore } from './store';
import { initialState } from './types';

function fakeHost(over: MockOverrides = {}) {
  return mockHost({
    info: async () => f.engine,
    methods: async () => f.methods,
    demos: async () => f.demos,
    openModel: async () => f.model(),
    openImage: async () => f.image(),
    imagePixels: async () => f.pixels(),
    catalog: async () => ({ methods: [], metrics: [], controls: [] }),
    closeModel: async () => ({ closed: true }),
    closeImage: async () => ({ closed: true }),
    predict: async () => f.prediction,
    explain: async (req) => f.result(req.jobId),
    cancel: async () => ({ cancelled: true }),
    experimentLog: async () => [],
    deleteExperiments: async () => ({ deleted: 0 }),
    recentProjects: async () => ({ recent: [], folder: '', inFolder: [], autosave: null }),
    autosave: async () => ({ savedAt: '' }),
    autosaveStatus: async () => ({ offer: false, savedAt: null, model: null, image: null }),
    dismissAutosave: async () => ({ dismissed: false }),
    ...over,
  });
}

async function ready(over: MockOverrides = {}) {
  const fake = fakeHost(over);
  const store = createStore(initialState);
  let n = 0;
  const c = createController(fake.host, store, () => `job${++n}`);
  await c.init();
  return { ...fake, store, c };
}

describe('controller', () => {
  it('init loads engine, methods and demos', async () => {
    const { store } = await ready();
    expect(store.get().engine?.backend).toBe('wasm');
    expect(store.get().methodId).toBe('saliency');
  });

  it('a demo opens its model and first image, loads pixels and predicts once', async () => {
    const { store, c, api } = await ready();
    await c.openDemo(f.demos[0]);
    expect(api.openModel).toHaveBeenCalledWith({ path: '/demo/digits/model.json' });
    expect(api.openImage).toHaveBeenCalledWith({ path: '/demo/3.png' });
    expect(api.predict).toHaveBeenCalledTimes(1);
    expect(api.predict).toHaveBeenCalledWith({ modelId: 'm1', imageId: 'i1', topK: 5 });
    const s = store.get();
    expect(s.demoId).toBe('digits');
    expect(s.pixels).not.toBeNull();
    expect(s.prediction).toBe(f.prediction);
    expect(s.loading).toBeNull();
  });

  it('a failed open shows an error and keeps the model, image and result', async () => {
    const { store, c, api } = await ready();
    await c.openDemo(f.demos[0]);
    await c.explain();
    const before = store.get();
    vi.mocked(api.openModel).mockRejectedValueOnce(new HostError('not a tfjs model', 'bad-model'));
    expect(await c.openModel({ path: '/x' })).toBe(false);
    const s = store.get();
    expect(s.errors.map((e) => e.message)).toEqual(['Could not open the model: not a tfjs model']);
    expect(s.model).toBe(before.model);
    expect(s.image).toBe(before.image);
    expect(s.result).toBe(before.result);
    expect(s.result).not.toBeNull();
  });

  it('explain sends the form, tracks progress for its job and shows the result', async () => {
    let finish: () => void = () => undefined;
    const { store, c, api, emit } = await ready({
      explain: vi.fn((req: ExplainRequest & { jobId: string }) => new Promise<ExplainResult>((resolve) => (finish = () => resolve(f.result(req.jobId))))),
    });
    await c.openDemo(f.demos[0]);
    const run = c.explain();
    expect(api.explain).toHaveBeenCalledWith({
      jobId: 'job1',
      modelId: 'm1',
      imageId: 'i1',
      method: 'saliency',
      target: 'top',
      layer: undefined,
      params: { abs: true },
    });
    emit({ jobId: 'job1', done: 2, total: 5 });
    emit({ jobId: 'zzz', done: 4, total: 5 });
    expect(store.get().job?.progress).toMatchObject({ done: 2, total: 5 });
    finish();
    await run;
    expect(store.get().job).toBeNull();
    expect(store.get().result?.jobId).toBe('job1');
  });

  it('a layer method sends layer null (engine picks the automatic layer) or the chosen layer', async () => {
    const { store, c, api } = await ready({ openModel: vi.fn(async () => f.model('m1', { defaultLayer: null })) });
    await c.openDemo(f.demos[0]);
    store.set(ex.methodSelected, 'gradcam');
    await c.explain();
    expect(vi.mocked(api.explain).mock.lastCall?.[0]).toMatchObject({ method: 'gradcam', layer: null });
    store.set(ex.layerChanged, 'conv1');
    await c.explain();
    expect(vi.mocked(api.explain).mock.lastCall?.[0]).toMatchObject({ method: 'gradcam', layer: 'conv1' });
  });

  it('a segmentation model sends the target region chosen: none by default, a named one, or the painted mask as 0/1', async () => {
    const { store, c, api } = await ready({ openModel: vi.fn(async () => f.model('m1', { segmentation: 'predicted' })) });
    await c.openDemo(f.demos[0]);
    const last = () => vi.mocked(api.explain).mock.lastCall?.[0];
    await c.explain();
    expect(last()).not.toHaveProperty('targetRegion');
    store.set(ex.targetRegionChanged, 'all');
    await c.explain();
    expect(last()).toMatchObject({ targetRegion: 'all' });
    // "painted" with nothing painted: one error, no request.
    store.set(ex.targetRegionChanged, 'painted');
    const calls = vi.mocked(api.explain).mock.calls.length;
    await c.explain();
    expect(vi.mocked(api.explain).mock.calls.length).toBe(calls);
    expect(store.get().errors.at(-1)?.message).toMatch(/no target region is painted/);
    store.set(paintedChosen, { width: 2, height: 2, mask: Uint8Array.from([0, 255, 0, 1]) });
    await c.explain();
    expect(last()?.targetRegion).toEqual({ width: 2, height: 2, mask: Uint8Array.from([0, 1, 0, 1]) });
    // A classifier never sends it, whatever was chosen before.
    store.set(session.modelOpened, f.model('m2'));
    await c.explain();
    expect(last()).not.toHaveProperty('targetRegion');
  });

  it('cancel calls the host and a cancelled job ends without an error banner', async () => {
    let fail: (e: Error) => void = () => undefined;
    const { store, c, api } = await ready({
      explain: vi.fn(() => new Promise<never>((_, reject) => (fail = reject))),
    });
    await c.openDemo(f.demos[0]);
    const run = c.explain();
    await c.cancel();
    expect(api.cancel).toHaveBeenCalledWith({ jobId: 'job1' });
    fail(new HostError('job job1 was cancelled', 'cancelled'));
    await run;
    expect(store.get().job).toBeNull();
    expect(store.get().errors).toEqual([]);
  });

  it('a failed explain shows the method and message', async () => {
    const { store, c } = await ready({ explain: vi.fn(async () => Promise.reject(new Error('out of memory'))) });
    await c.openDemo(f.demos[0]);
    await c.explain();
    expect(store.get().errors[0].message).toBe('Vanilla gradient failed: out of memory');
    expect(store.get().prediction).toBe(f.prediction);
  });

  it('dropped files are split into a model and an image by content, model.json first whatever the order', async () => {
    const { c, api } = await ready();
    const manifest = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of1'], weights: [] }] });
    const dicom = new Uint8Array(132);
    dicom.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM" at byte 128, no extension
    const drop = [new File([dicom], 'IM0001'), new File([new Uint8Array([0, 1, 2, 3])], 'group1-shard1of1'), new File([manifest], 'model.json')];
    await c.openDropped(drop);
    expect(vi.mocked(api.openModel).mock.calls[0][0].files?.map((x) => x.name)).toEqual(['model.json', 'group1-shard1of1']);
    expect(vi.mocked(api.openImage).mock.calls[0][0].file?.name).toBe('IM0001');
  });

  it('an open that succeeds clears the error banners shown before it, not those raised since', async () => {
    let n = 0;
    const { store, c } = await ready({
      openModel: vi.fn(async () => (++n === 1 ? Promise.reject(new Error('not a model')) : f.model())),
      predict: vi.fn(async () => Promise.reject(new Error('busy'))),
    });
    await c.openModel({ path: '/bad/model.json' });
    expect(store.get().errors.map((e) => e.message)).toEqual(['Could not open the model: not a model']);
    await c.openModel({ path: '/good/model.json' });
    // The failed open's banner is gone (no image yet, so nothing was predicted).
    expect(store.get().errors).toEqual([]);
    await c.openImage({ path: '/a.png' });
    // Raised after the image opened: it stays.
    expect(store.get().errors.map((e) => e.message)).toEqual(['Prediction failed: busy']);
  });
});

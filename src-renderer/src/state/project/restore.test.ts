import { describe, expect, it } from 'vitest';
import type { ImageInfo, ModelInfo } from '../../../../src-main/api/types';
import { parseProject, projectText } from '../../../../src-main/shared/project/format';
import { sampleRow } from '../../../../src-main/shared/project/fixtures';
import { mockApi } from '../../../../src-main/shared/testing/mock-backend';
import { image, methods, model, pixels, prediction } from '../../testing/fixtures';
import { initialCompare } from '../compare/initial';
import { cellKey } from '../compare/types';
import { initialMaskLab, type MaskLabState } from '../maskLab';
import { createStore } from '../store';
import { initialState, type StudioState } from '../types';
import { maskLabRestored, restoreProject } from './restore';
import { RESTORED_JOB } from './restoreActions';
import { serialiseProject } from './serialise';
import { trackSources } from './sources';

/** A fake engine: ids `<prefix>m1`, `<prefix>i2`… in opening order, every open recorded. */
function fakeApi(prefix = '') {
  let n = 0;
  const opened: unknown[] = [];
  const api = mockApi({
    openModel: async (req): Promise<ModelInfo> => (opened.push(req), model(`${prefix}m${++n}`, { path: req.path ?? 'upload' })),
    openImage: async (req): Promise<ImageInfo> => (
      opened.push(req),
      image(`${prefix}i${++n}`, { name: req.path ? req.path.split('/').pop()! : req.file!.name })
    ),
    imagePixels: async () => pixels(),
  });
  return { api, opened };
}

const MAP = Float32Array.from([0.1, -0, 1e-30, -3.4e38]);
const bytes = (a: Float32Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const style = { ...initialState.overlay, colormap: 'inferno' as const, threshold: 0.4, contours: true };

/** A session with both views filled, built from opens through a tracked api. */
async function session() {
  const { api } = fakeApi();
  const sources = trackSources(api);
  const m1 = await api.openModel({ path: '/models/digits/model.json' });
  const i1 = await api.openImage({ path: '/img/seven.png' });
  const i2 = await api.openImage({ file: { name: 'up.png', bytes: new Uint8Array([1, 2, 3]) } });
  const res = {
    jobId: RESTORED_JOB,
    method: 'gradcam',
    target: prediction.top[0],
    map: MAP,
    shape: [2, 2] as [number, number],
    min: -3.4e38,
    max: 0.1,
    ms: 5,
    extras: { delta: 0.5 },
    grid: { data: Float32Array.from([1 / 3]), shape: [1, 1] as [number, number], layer: 'conv1' },
  };
  const state: StudioState = {
    ...initialState,
    methods,
    model: m1,
    image: i1,
    pixels: pixels(),
    window: { center: 100, width: 50 },
    prediction,
    methodId: 'gradcam',
    params: { steps: 4, interp: 'nearest', relu: false },
    target: 3,
    layer: 'conv1',
    allLayers: true,
    result: res,
    demoId: 'digits',
    overlay: { ...initialState.overlay, colormap: 'turbo', mode: 'signed', threshold: 0.3 },
    compare: {
      ...initialCompare,
      mode: 'images',
      rows: [
        { id: 'r1', modelId: m1.id, imageId: i1.id },
        { id: 'r2', modelId: m1.id, imageId: i2.id },
      ],
      columns: [{ id: 'c3', methodId: 'gradcam', params: { steps: 2 }, layer: null }],
      cells: {
        [cellKey('r1', 'c3')]: {
          status: 'done',
          jobId: null,
          progress: null,
          result: { ...res, map: Float32Array.from([9, 8, 7, 6]) },
          error: null,
          style: { opacity: 0.2 },
        },
        [cellKey('r2', 'c3')]: { status: 'failed', jobId: null, progress: null, result: null, error: 'boom', style: null },
      },
      style,
      target: 'top',
      selected: 'r1:c3',
      models: { [m1.id]: m1 },
      images: { [i1.id]: i1, [i2.id]: i2 },
      pixels: { [i1.id]: pixels(), [i2.id]: pixels() },
      windows: { [i1.id]: { center: 1, width: 2 }, [i2.id]: { center: 3, width: 4, invert: true } },
      nextId: 4,
    },
  };
  const lab: MaskLabState = {
    ...initialMaskLab,
    imageId: i1.id,
    history: { width: 2, height: 2, data: Uint8Array.from([0, 1, 1, 0]), past: [], future: [] },
    fill: 'mean',
    brush: 5,
    tool: 'rect',
    useRegions: true,
    autoLog: true,
    log: [sampleRow('e1')],
  };
  return { state, lab, sources, view: { zoom: 3, cx: 0.2, cy: 0.8 } };
}

/** Serialise → project file text → parse → restore into a fresh store, a fake lab and a fake view. */
async function roundTrip(prefix: string) {
  const s = await session();
  const text = projectText(serialiseProject(s), { savedAt: '2025-01-01T00:00:00.000Z', appVersion: '0.1.0' });
  const { api, opened } = fakeApi(prefix);
  const store = createStore({ ...initialState, methods });
  let lab: MaskLabState = { ...initialMaskLab, imageId: `${prefix}i2`, log: [sampleRow('global')] };
  let view = { zoom: 1, cx: 0.5, cy: 0.5 };
  await restoreProject({ api, store, lab: { apply: (f) => (lab = f(lab)) }, view: { setView: (v) => (view = v) } }, parseProject(text).project);
  return { before: s, after: store.get(), lab, view, opened, text };
}

describe('project serialise → file → restore', () => {
  it('gives back an equal state (the same ids here), maps bit-exact, without recomputing anything', async () => {
    const { before, after, lab, view, opened } = await roundTrip('');
    expect(after).toEqual(before.state);
    expect(bytes(after.result!.map)).toEqual(bytes(MAP));
    expect(Object.is(after.result!.map[1], -0)).toBe(true);
    expect(after.compare.cells['r1:c3'].result!.map).toEqual(Float32Array.from([9, 8, 7, 6]));
    // One model and two images reopened, by path or from the embedded upload; no explain, no predict.
    expect(opened).toEqual([{ path: '/models/digits/model.json' }, { path: '/img/seven.png' }, { file: { name: 'up.png', bytes: new Uint8Array([1, 2, 3]) } }]);
    expect(view).toEqual({ zoom: 3, cx: 0.2, cy: 0.8 });
    expect(lab.log).toEqual([sampleRow('e1')]);
    expect(lab.history).toEqual(before.lab.history);
    expect([lab.fill, lab.brush, lab.tool, lab.useRegions, lab.autoLog]).toEqual(['mean', 5, 'rect', true, true]);
  });

  it('maps old ids to the new ones the engine hands out', async () => {
    const { after } = await roundTrip('x');
    expect([after.model!.id, after.image!.id]).toEqual(['xm1', 'xi2']);
    expect(after.compare.rows).toEqual([
      { id: 'r1', modelId: 'xm1', imageId: 'xi2' },
      { id: 'r2', modelId: 'xm1', imageId: 'xi3' },
    ]);
    expect(Object.keys(after.compare.images).sort()).toEqual(['xi2', 'xi3']);
    expect(after.compare.windows).toEqual({ xi2: { center: 1, width: 2 }, xi3: { center: 3, width: 4, invert: true } });
  });

  it('refuses to save what it cannot reopen, and a colormap this renderer lacks, before opening anything', async () => {
    const s = await session();
    expect(() => serialiseProject({ ...s, state: { ...s.state, model: model('stranger') } })).toThrow(
      /model model stranger was not opened through this window/,
    );
    const p = serialiseProject(s);
    p.single.overlay.colormap = 'RdBu_r';
    const { api, opened } = fakeApi();
    await expect(restoreProject({ api, store: createStore(initialState) }, p)).rejects.toThrow('single.overlay.colormap: "RdBu_r" is not one of');
    expect(opened).toEqual([]);
  });

  it('puts a mask back only on the image it was drawn on', () => {
    const mask = { image: 0, width: 1, height: 1, data: Uint8Array.from([1]), fill: 'zero', brush: 2, tool: 'brush', useRegions: false, autoLog: false };
    const lab = { ...initialMaskLab, imageId: 'a', history: { width: 1, height: 1, data: Uint8Array.from([0]), past: [], future: [] } };
    expect(maskLabRestored(lab, mask, 'a', []).history!.data).toEqual(Uint8Array.from([1]));
    expect(maskLabRestored(lab, mask, 'b', []).history!.data).toEqual(Uint8Array.from([0]));
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { StudioApi } from '../../../../src-main/api/types';
import type { Host } from '../../host/Host';
import { image, methods, model, pixels } from '../../testing/fixtures';
import { mockHost } from '../../testing/mock-host';
import { session as sessionActions } from '../actions';
import { createStore } from '../store';
import { initialState, type StudioStore } from '../types';
import { ProjectController } from './controller';
import { trackSources } from './sources';

function setup(over: Partial<Host> = {}) {
  const calls: [string, unknown][] = [];
  const rec = (op: string, value: unknown) => async (arg?: unknown) => (calls.push([op, arg]), value);
  const { host, api } = mockHost(
    {
      openModel: async () => model('m1'),
      openImage: async () => image('i1'),
      imagePixels: async () => pixels(),
      saveProject: rec('saveProject', { path: '/data/projects/study.ssproj', name: 'study', savedAt: '2025-01-01T00:00:00.000Z', bytes: 10 }),
      recentProjects: rec('recentProjects', { recent: [], folder: '/data/projects', inFolder: [] }),
      autosaveStatus: rec('autosaveStatus', { offer: true, savedAt: '2025-01-01T00:00:00.000Z' }),
      autosave: rec('autosave', { savedAt: 'x' }),
      discardAutosave: rec('discardAutosave', { discarded: true }),
    },
    over,
  );
  const sources = trackSources(api);
  const store = createStore({ ...initialState, methods });
  const pc = new ProjectController({ host, store, sources, autosaveMs: 0 });
  return { api, calls, store, pc, ops: () => calls.map(([op]) => op) };
}

async function openSomething(api: StudioApi, store: StudioStore) {
  store.set(sessionActions.modelOpened, await api.openModel({ path: '/m/model.json' }));
  store.set(sessionActions.imageOpened, await api.openImage({ path: '/i/seven.png' }));
}

describe('project controller', () => {
  it('offers the autosave found at start; discarding clears the offer on both sides', async () => {
    const { pc, ops } = setup();
    await pc.init();
    expect(pc.store.get().offer).toEqual({ offer: true, savedAt: '2025-01-01T00:00:00.000Z' });
    await pc.discardLast();
    expect(pc.store.get().offer).toBeNull();
    expect(ops()).toEqual(['autosaveStatus', 'recentProjects', 'discardAutosave']);
  });

  it('autosaves only while there are unsaved changes, once per change; saving by name makes it clean', async () => {
    const { api, store, pc, calls, ops } = setup();
    expect(await pc.autosaveNow()).toBe(false);
    await openSomething(api, store);
    expect(pc.store.get().dirty).toBe(true);
    expect(await pc.autosaveNow()).toBe(true);
    expect(await pc.autosaveNow()).toBe(false);
    // The browser host has no dialog: Save without a name does nothing, with one it saves there.
    expect(await pc.save()).toBe(false);
    expect(await pc.save('study')).toBe(true);
    expect(pc.store.get()).toMatchObject({ name: 'study', path: '/data/projects/study.ssproj', dirty: false });
    const saved = calls.find(([op]) => op === 'saveProject')![1] as { name: string; project: { models: unknown[]; single: { image: number } } };
    expect([saved.name, saved.project.models, saved.project.single.image]).toEqual(['study', [{ name: 'model m1', path: '/m/model.json' }], 0]);
    // The next Save goes to the same file without asking.
    expect(await pc.save()).toBe(true);
    expect(calls.filter(([op]) => op === 'saveProject').map(([, a]) => (a as { path?: string }).path)).toEqual([undefined, '/data/projects/study.ssproj']);
    expect(await pc.autosaveNow()).toBe(false);
    expect(ops().filter((o) => o === 'autosave')).toHaveLength(1);
  });

  it('uses the native dialog where the host has one', async () => {
    const pick = vi.fn(async () => '/home/u/chosen.ssproj');
    const { api, store, pc, calls } = setup({ pickProjectSave: pick });
    await openSomething(api, store);
    expect(await pc.saveAs()).toBe(true);
    expect(pick).toHaveBeenCalledWith('i1');
    expect((calls.find(([op]) => op === 'saveProject')![1] as { path: string }).path).toBe('/home/u/chosen.ssproj');
  });
});

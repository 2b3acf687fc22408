import { describe, expect, it, vi } from 'vitest';
import type { ProjectOpened } from '../../../../src-main/api/project-types';
import type { StudioApi } from '../../../../src-main/api/types';
import { sampleSnapshot } from '../../../../src-main/shared/project/fixtures';
import type { Host } from '../../host/Host';
import { image, methods, model, pixels } from '../../testing/fixtures';
import { mockHost } from '../../testing/mock-host';
import { session as sessionActions } from '../actions';
import { createStore } from '../store';
import { initialState, type StudioStore } from '../types';
import { autosaveMsFromQuery, ProjectController } from './controller';
import { trackSources } from './sources';

const OFFER = { offer: true, savedAt: '2025-01-01T00:00:00.000Z', model: 'digits', image: 'digit-7.png' };

function setup(over: Partial<Host> = {}) {
  const calls: [string, unknown][] = [];
  const rec = (op: string, value: unknown) => async (arg?: unknown) => (calls.push([op, arg]), value);
  const { host, api } = mockHost(
    {
      openModel: async (req) => (calls.push(['openModel', req]), model('m1')),
      openImage: async (req) => (calls.push(['openImage', req]), image('i1')),
      imagePixels: async () => pixels(),
      saveProject: rec('saveProject', { path: '/data/projects/study.ssproj', name: 'study', savedAt: '2025-01-01T00:00:00.000Z', bytes: 10 }),
      recentProjects: rec('recentProjects', { recent: [], folder: '/data/projects', inFolder: [], autosave: { savedAt: OFFER.savedAt } }),
      autosaveStatus: rec('autosaveStatus', OFFER),
      autosave: rec('autosave', { savedAt: 'x' }),
      dismissAutosave: rec('dismissAutosave', { dismissed: true }),
      restoreAutosave: rec('restoreAutosave', {
        project: sampleSnapshot(),
        path: null,
        name: 'Last session',
        savedAt: OFFER.savedAt,
        appVersion: '0.1.0',
      } satisfies ProjectOpened),
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
  it("the app's own start-up (catalog defaults, the start-up demo) leaves no dirty mark, during or after; the user's next change does", async () => {
    const { api, store, pc } = setup();
    const seen: boolean[] = [];
    pc.store.subscribe(() => seen.push(pc.store.get().dirty));
    let done!: () => void;
    const startup = new Promise<void>((r) => (done = r));
    const settled = pc.settle(startup);
    store.set(sessionActions.catalogLoaded, methods, []);
    await openSomething(api, store);
    expect(pc.store.get().dirty).toBe(false);
    done();
    await settled;
    expect([pc.store.get().dirty, seen.includes(true)]).toEqual([false, false]);
    store.set(sessionActions.imageOpened, image('i2'));
    expect(pc.store.get().dirty).toBe(true);
  });

  it('offers the autosave found at start, and lists it; dismissing clears the offer on both sides', async () => {
    const { pc, ops } = setup();
    await pc.init();
    expect(pc.store.get().offer).toEqual(OFFER);
    expect(pc.store.get().list?.autosave).toEqual({ savedAt: '2025-01-01T00:00:00.000Z' });
    await pc.dismissLast();
    expect(pc.store.get().offer).toBeNull();
    expect(ops()).toEqual(['autosaveStatus', 'recentProjects', 'dismissAutosave']);
  });

  it('keeps the offered autosave while the offer is open: new work is autosaved only after Dismiss', async () => {
    const { api, store, pc, ops } = setup();
    await pc.init();
    await openSomething(api, store);
    expect(pc.store.get().dirty).toBe(true);
    expect(await pc.autosaveNow()).toBe(false);
    await pc.dismissLast();
    expect(await pc.autosaveNow()).toBe(true);
    expect(ops().filter((o) => o === 'autosave')).toHaveLength(1);
  });

  it('restores the last session through the same path as an open, and leaves it unsaved', async () => {
    const { store, pc, ops, calls } = setup();
    await pc.init();
    expect(await pc.restoreLast()).toBe(true);
    expect(ops()).toContain('restoreAutosave');
    expect(ops()).not.toContain('openProject');
    // The snapshot's model and image are reopened from where they came from, as opening the file does.
    const arg = (op: string) => calls.find(([o]) => o === op)?.[1];
    expect(arg('openModel')).toMatchObject({ path: '/models/digits/model.json' });
    expect(arg('openImage')).toEqual({ path: '/images/digit-7.png' });
    expect(store.get().model?.id).toBe('m1');
    expect(pc.store.get()).toMatchObject({ name: null, path: null, dirty: true, offer: null, busy: null });
  });

  it('reads the test-only autosave period from the query, ignoring anything but an integer of at least 100', () => {
    expect(autosaveMsFromQuery('?token=abc&autosave-ms=300')).toBe(300);
    expect(autosaveMsFromQuery('?autosave-ms=100')).toBe(100);
    for (const q of ['', '?token=abc', '?autosave-ms=99', '?autosave-ms=0', '?autosave-ms=-5', '?autosave-ms=1e3', '?autosave-ms=3.5', '?autosave-ms=']) {
      expect([q, autosaveMsFromQuery(q)]).toEqual([q, undefined]);
    }
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

// The IPC host without Electron: ipcMain and dialog are faked, the backend too.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { studioApiMembers } from '../testing/api-members';
import { mockBackend, type MockBackend } from '../shared/testing/mock-backend';
import { CH, channelOf } from '../api/channels';
import { registerIpc } from './ipc';
import type { Settings } from './settings';

type Handler = (e: unknown, arg?: unknown) => Promise<unknown> | unknown;
const electron = vi.hoisted(() => ({ handlers: new Map<string, Handler>(), picked: [] as string[] }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: Handler) => {
      if (electron.handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      electron.handlers.set(ch, fn);
    },
    removeHandler: (ch: string) => electron.handlers.delete(ch),
  },
  dialog: {
    showOpenDialog: async () => ({ canceled: false, filePaths: electron.picked }),
    showSaveDialog: async () => ({ canceled: electron.picked.length === 0, filePath: electron.picked[0] ?? '' }),
  },
  BrowserWindow: { fromWebContents: () => null },
}));

const APP = 'file:///app/out/renderer/index.html';

function fakeSender() {
  const wc = Object.assign(new EventEmitter(), { sent: [] as unknown[][], isDestroyed: () => false });
  return Object.assign(wc, { send: (...a: unknown[]) => wc.sent.push(a) });
}
const event = (sender = fakeSender(), url = APP) => ({ sender, senderFrame: { url } });

function setup() {
  const release: { explain?: () => void } = {};
  const backend: MockBackend = mockBackend({
    info: async () => ({ backend: 'cpu' }),
    openModel: async (req) => {
      if (req.path === 'bad') throw Object.assign(new Error('broken model\n  at stack'), { code: 'bad-model' });
      return { id: 'm1' };
    },
    explain: async (req) => {
      backend.emit({ jobId: req.jobId, done: 1, total: 2 });
      backend.emit({ jobId: 'other', done: 1, total: 2 });
      await new Promise<void>((r) => (release.explain = r));
      return { jobId: req.jobId };
    },
    cancel: async () => ({ cancelled: true }),
  });
  const recents: [string, string][] = [];
  const settings = {
    recent: () => [],
    addRecent: (k: string, p: string) => recents.push([k, p]),
    display: () => ({ opacity: 0.5 }),
    saveDisplay: (p: unknown) => p,
  } as unknown as Settings;
  const onRecentChanged = vi.fn();
  const granted: string[] = [];
  const dispose = registerIpc({ backend, settings, isTrustedUrl: (u) => u === APP, onRecentChanged, grantProject: (p) => granted.push(p) });
  const invoke = (ch: string, e: unknown, arg?: unknown) => electron.handlers.get(ch)!(e, arg);
  return { backend, recents, onRecentChanged, dispose, invoke, release, granted };
}

describe('Electron IPC host', () => {
  beforeEach(() => electron.handlers.clear());

  it('registers one channel per operation plus the dialogs and prefs, and removes them all', () => {
    const { dispose } = setup();
    // The oracle is the StudioApi interface as written, not the spec the host loops over.
    const expected = [
      ...studioApiMembers().map((op) => channelOf(op as never)),
      CH.pickModelFile,
      CH.pickImageFile,
      CH.pickProjectSave,
      CH.pickProjectOpen,
      CH.getDisplayPrefs,
      CH.setDisplayPrefs,
    ];
    expect([...electron.handlers.keys()].sort()).toEqual(expected.sort());
    dispose();
    expect(electron.handlers.size).toBe(0);
  });

  it('returns results and {code, message} errors as data, first line only', async () => {
    const { invoke } = setup();
    expect(await invoke('studio:info', event())).toEqual({ ok: true, value: { backend: 'cpu' } });
    expect(await invoke('studio:openModel', event(), { path: 'bad' })).toEqual({ ok: false, error: { code: 'bad-model', message: 'broken model' } });
  });

  it('refuses frames that are not the app renderer', async () => {
    const { invoke, backend } = setup();
    const r = await invoke('studio:info', event(fakeSender(), 'https://evil.example/'));
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(backend.info).not.toHaveBeenCalled();
    expect(await invoke(CH.pickModelFile, event(fakeSender(), 'https://evil.example/'))).toBeNull();
  });

  it('records successful opens by path as recent files', async () => {
    const { invoke, recents, onRecentChanged } = setup();
    await invoke('studio:openModel', event(), { path: '/m/model.json' });
    await invoke('studio:openModel', event(), { path: 'bad' });
    await invoke('studio:openModel', event(), { files: [] });
    expect(recents).toEqual([['model', '/m/model.json']]);
    expect(onRecentChanged).toHaveBeenCalledTimes(1);
  });

  it('sends progress only to the page that started the job', async () => {
    const { invoke, release } = setup();
    const a = fakeSender();
    const b = fakeSender();
    const pending = invoke('studio:explain', event(a), { jobId: 'j1' });
    await vi.waitFor(() => expect(release.explain).toBeDefined());
    expect(a.sent).toEqual([[CH.progress, { jobId: 'j1', done: 1, total: 2 }]]);
    expect(b.sent).toEqual([]);
    release.explain!();
    expect(await pending).toEqual({ ok: true, value: { jobId: 'j1' } });
    expect(a.listenerCount('destroyed')).toBe(0);
  });

  it('cancels the job of a window that goes away', async () => {
    const { invoke, backend } = setup();
    const a = fakeSender();
    void invoke('studio:explain', event(a), { jobId: 'j2' });
    await vi.waitFor(() => expect(backend.explain).toHaveBeenCalled());
    a.emit('destroyed');
    await vi.waitFor(() => expect(backend.cancel).toHaveBeenCalledWith({ jobId: 'j2' }));
  });

  it('returns the picked path, or null when cancelled', async () => {
    const { invoke } = setup();
    electron.picked = ['/x/model.json'];
    expect(await invoke(CH.pickModelFile, event())).toBe('/x/model.json');
    electron.picked = [];
    expect(await invoke(CH.pickImageFile, event())).toBeNull();
  });

  it('grants the project path a dialog returned (adding .ssproj on save), and nothing to an untrusted frame', async () => {
    const { invoke, granted } = setup();
    electron.picked = ['/home/u/study'];
    expect(await invoke(CH.pickProjectSave, event(), 'study')).toBe('/home/u/study.ssproj');
    electron.picked = ['/home/u/old.ssproj'];
    expect(await invoke(CH.pickProjectOpen, event())).toBe('/home/u/old.ssproj');
    expect(await invoke(CH.pickProjectOpen, event(fakeSender(), 'https://evil.example/'))).toBeNull();
    electron.picked = [];
    expect(await invoke(CH.pickProjectSave, event(), 'x')).toBeNull();
    expect(granted).toEqual(['/home/u/study.ssproj', '/home/u/old.ssproj']);
  });
});

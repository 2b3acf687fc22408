import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile as fsWriteFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleSnapshot } from '../shared/project/fixtures';
import { inlineCodec } from './codec';
import { MAX_RECENT_PROJECTS, ProjectStore, type ProjectStoreOptions } from './store';

// The real atomically, with a hook that can kill a write half-way: after the
// temporary file is opened and half the text is in it, the "process dies".
// The hook reaches this thread only, so the test of it runs the codec inline
// (the functions the codec worker runs, codec.ts).
const crash = vi.hoisted(() => ({ armed: false, calls: [] as { path: string; fsync: unknown }[] }));
vi.mock('atomically', async (importOriginal) => {
  const real = await importOriginal<typeof import('atomically')>();
  const { appendFileSync } = await import('node:fs');
  return {
    ...real,
    writeFile: (path: string, data: string, opts: Record<string, unknown>) => {
      crash.calls.push({ path, fsync: opts?.fsync });
      if (!crash.armed) return real.writeFile(path, data, opts);
      return real.writeFile(path, data, {
        ...opts,
        tmpCreated: (tmp: string) => {
          // Half of the new text lands in the temporary file, then the write dies.
          appendFileSync(tmp, data.slice(0, data.length >> 1));
          throw Object.assign(new Error('simulated crash mid-write'), { code: 'EIO' });
        },
      });
    },
  };
});

let dir: string;
let clock: number;
const store = (opts: ProjectStoreOptions = {}) => new ProjectStore({ dir, now: () => new Date(clock++ * 1000 + Date.UTC(2025, 0, 1)), ...opts });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
  );

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ss-proj-'));
  clock = 0;
  crash.armed = false;
  crash.calls.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('project store', () => {
  it('saves by name into the projects folder and reopens the same snapshot, from the name and from the recent list', async () => {
    const s = store();
    const saved = await s.saveProject({ project: sampleSnapshot(), name: 'digits study' });
    expect(saved.path).toBe(join(dir, 'projects', 'digits study.ssproj'));
    expect(saved.bytes).toBe((await stat(saved.path)).size);
    const byName = await s.openProject({ name: 'digits study' });
    expect(byName.project).toEqual(sampleSnapshot());
    expect([byName.name, byName.savedAt]).toEqual(['digits study', '2025-01-01T00:00:00.000Z']);
    const list = await store().recentProjects();
    expect(list.recent.map((e) => e.path)).toEqual([saved.path]);
    expect(list.inFolder.map((e) => e.name)).toEqual(['digits study']);
    expect((await store().openProject({ path: list.recent[0].path })).project.single.result!.map).toEqual(sampleSnapshot().single.result!.map);
  });

  it('refuses paths the user did not choose; a dialog grant, the recent list and the projects folder are allowed', async () => {
    const s = store();
    const outside = join(dir, 'elsewhere', 'x.ssproj');
    expect(await codeOf(s.saveProject({ project: sampleSnapshot(), path: outside }))).toMatch(/^forbidden-path: .*x\.ssproj: not a project location you chose/);
    expect(await codeOf(s.openProject({ path: '/etc/passwd' }))).toBe('forbidden-path: passwd: a project file ends in .ssproj');
    expect(await codeOf(s.openProject({ path: join(dir, 'projects', '..', 'elsewhere', 'x.ssproj') }))).toMatch(/^forbidden-path/);
    for (const name of ['../escape', 'a/b', '.hidden', 'x'.repeat(101)])
      expect(await codeOf(s.saveProject({ project: sampleSnapshot(), name }))).toMatch(/^bad-name: /);
    expect(await readdir(dir).catch(() => [])).not.toContain('elsewhere');
    s.grant(outside);
    expect((await s.saveProject({ project: sampleSnapshot(), path: outside })).path).toBe(outside);
    // A fresh store (a restart: grants are gone) still allows it through the recent list.
    expect((await store().openProject({ path: outside })).path).toBe(outside);
    expect((await s.saveProject({ project: sampleSnapshot(), path: join(dir, 'projects', 'direct.ssproj') })).name).toBe('direct');
  });

  it('reports a corrupt project with code corrupt-project, leaves the file in place and keeps a copy beside it', async () => {
    const s = store();
    const path = join(dir, 'projects', 'broken.ssproj');
    await s.saveProject({ project: sampleSnapshot(), name: 'broken' });
    const text = (await readFile(path, 'utf8')).replace('"mode":"abs"', '"mode":"loud"');
    await fsWriteFile(path, text);
    const err = await codeOf(s.openProject({ name: 'broken' }));
    const backup = `${path}.corrupt-2025-01-01T00-00-01-000Z`;
    expect(err).toBe(
      `corrupt-project: broken.ssproj cannot be opened: single.overlay.mode: must be one of abs, signed, not "loud"; the file was left as it is, and a copy kept as ${backup}`,
    );
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readFile(backup, 'utf8')).toBe(text);
    // Uploaded bytes: reported, nothing to back up (the user's file is on their disk).
    expect(await codeOf(s.openProject({ file: { name: 'up.ssproj', bytes: new TextEncoder().encode('{"format": 1') } }))).toMatch(
      /^corrupt-project: up\.ssproj cannot be opened: file: is not JSON .*; your file was not changed$/,
    );
  });

  it('writes atomically: a write that dies half-way leaves the previous file whole', async () => {
    const s = store({ codec: inlineCodec() });
    const first = await s.saveProject({ project: sampleSnapshot(), name: 'p' });
    const before = await readFile(first.path, 'utf8');
    expect(crash.calls.find((c) => c.path === first.path)).toEqual({ path: first.path, fsync: true });
    const changed = sampleSnapshot();
    changed.single.methodId = 'saliency';
    crash.armed = true;
    expect(await codeOf(s.saveProject({ project: changed, name: 'p' }))).toBe('EIO: simulated crash mid-write');
    crash.armed = false;
    expect(await readFile(first.path, 'utf8')).toBe(before);
    expect((await s.openProject({ name: 'p' })).project.single.methodId).toBe('gradcam');
    // No half-written temporary file is left in the folder.
    expect(await readdir(join(dir, 'projects'))).toEqual(['p.ssproj']);
  });

  it('keeps at most 10 recent projects, newest first, without duplicates, and drops files that vanished', async () => {
    const s = store();
    for (let i = 0; i < 12; i++) await s.saveProject({ project: sampleSnapshot(), name: `p${i}` });
    await s.openProject({ name: 'p5' });
    await s.saveProject({ project: sampleSnapshot(), name: 'p11' });
    let recent = (await s.recentProjects()).recent.map((e) => e.name);
    expect(recent).toEqual(['p11', 'p5', 'p10', 'p9', 'p8', 'p7', 'p6', 'p4', 'p3', 'p2']);
    expect(recent).toHaveLength(MAX_RECENT_PROJECTS);
    await rm(join(dir, 'projects', 'p10.ssproj'));
    recent = (await store().recentProjects()).recent.map((e) => e.name);
    expect(recent).toEqual(['p11', 'p5', 'p9', 'p8', 'p7', 'p6', 'p4', 'p3', 'p2']);
  });

  it('offers the autosave after any restart until an explicit save, open or dismiss, naming what was on screen', async () => {
    const s = store();
    expect(await s.autosaveStatus()).toEqual({ offer: false, savedAt: null, model: null, image: null });
    expect((await s.recentProjects()).autosave).toBeNull();
    await s.autosave({ project: sampleSnapshot() });
    // A reload or restart: a new store on the same folder sees the marker and the names it holds.
    const after = store();
    const status = await after.autosaveStatus();
    expect(status).toEqual({ offer: true, savedAt: (await stat(s.autosaveFile)).mtime.toISOString(), model: 'digits', image: 'digit-7.png' });
    expect(JSON.parse(await readFile(s.pendingFile, 'utf8'))).toEqual({
      savedAt: '2025-01-01T00:00:00.000Z',
      pid: process.pid,
      model: 'digits',
      image: 'digit-7.png',
    });
    const restored = await after.restoreAutosave();
    expect([restored.path, restored.name]).toEqual([null, 'Last session']);
    expect(restored.project).toEqual(sampleSnapshot());
    // Restored work is still in no project file: another reload offers it again.
    expect((await store().autosaveStatus()).offer).toBe(true);
    // Dismiss: not offered again, but the file stays and Recent lists it.
    expect(await after.dismissAutosave()).toEqual({ dismissed: true });
    expect(await after.dismissAutosave()).toEqual({ dismissed: false });
    expect(await store().autosaveStatus()).toEqual({ ...status, offer: false, model: null, image: null });
    expect((await after.recentProjects()).autosave).toEqual({ savedAt: status.savedAt });
    // An explicit save clears it: there is nothing newer to restore.
    await after.autosave({ project: sampleSnapshot() });
    expect((await after.autosaveStatus()).offer).toBe(true);
    await after.saveProject({ project: sampleSnapshot(), name: 'kept' });
    expect((await after.autosaveStatus()).offer).toBe(false);
    // So does an open, by name or by bytes: the opened project is newer than the autosave.
    await after.autosave({ project: sampleSnapshot() });
    await after.openProject({ name: 'kept' });
    expect((await after.autosaveStatus()).offer).toBe(false);
    await after.autosave({ project: sampleSnapshot() });
    const bytes = new Uint8Array(await readFile(join(dir, 'projects', 'kept.ssproj')));
    await after.openProject({ file: { name: 'copy.ssproj', bytes } });
    expect((await after.autosaveStatus()).offer).toBe(false);
    // A failed open leaves the offer: what was on screen is still the autosaved work.
    await after.autosave({ project: sampleSnapshot() });
    expect(await codeOf(after.openProject({ name: 'missing' }))).toMatch(/^not-found: /);
    expect((await after.autosaveStatus()).offer).toBe(true);
  });

  it('offers a marker it cannot read without names, and only a regular file', async () => {
    const s = store();
    await s.autosave({ project: sampleSnapshot() });
    await fsWriteFile(s.pendingFile, 'x'.repeat(5000));
    expect(await s.autosaveStatus()).toMatchObject({ offer: true, model: null, image: null });
    await rm(s.pendingFile);
    await symlink(s.autosaveFile, s.pendingFile);
    expect((await s.autosaveStatus()).offer).toBe(false);
  });

  it('moves a corrupt autosave aside and reports it', async () => {
    const s = store();
    await s.autosave({ project: sampleSnapshot() });
    await fsWriteFile(s.autosaveFile, '{"format":"saliency-studio-project","version":1');
    expect(await codeOf(s.restoreAutosave())).toMatch(
      /^corrupt-project: autosave\.ssproj cannot be opened: file: is not JSON .*; it was moved to .*autosave\.ssproj\.corrupt-/,
    );
    expect((await readdir(dir)).filter((n) => n.startsWith('autosave.ssproj'))).toHaveLength(1);
    expect((await s.autosaveStatus()).offer).toBe(false);
  });
});

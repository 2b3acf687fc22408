// The project operations through the loopback web host, as a page reaches
// them: the same ProjectStore code path, paths refused unless chosen.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireReply } from '../api/wire';
import { startServer, type RunningServer } from '../hosts/serve';
import { sampleSnapshot } from '../shared/project/fixtures';
import { mockBackend } from '../shared/testing/mock-backend';
import { projectOps } from './ops';
import { projectText } from '../shared/project/format';
import { ProjectStore } from './store';

/** The sample without non-finite extras: the JSON wire itself turns NaN into null on the way in. */
function snap() {
  const p = sampleSnapshot();
  p.single.result!.extras = { delta: 0.01 };
  return p;
}

describe('projects over the web host', () => {
  let dir: string;
  let server: RunningServer;
  let ws: WebSocket;
  let store: ProjectStore;
  let id = 0;
  const replies = new Map<number, WireReply>();

  const call = async (op: string, arg: unknown): Promise<WireReply & { type: 'result' }> => {
    const n = ++id;
    ws.send(encodeWire({ type: 'call', id: n, op, arg }));
    for (let i = 0; i < 500 && !replies.has(n); i++) await new Promise((r) => setTimeout(r, 10));
    return replies.get(n) as WireReply & { type: 'result' };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-proj-host-'));
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
    store = new ProjectStore({ dir: join(dir, 'data') });
    // The real project operations; every engine operation rejects as not mocked.
    const backend = mockBackend(projectOps(store));
    server = await startServer({ backend, staticDir: join(dir, 'static') });
    const base = new URL(server.url);
    ws = new WebSocket(`ws://${base.host}/ws?token=${server.token}`, { headers: { Origin: base.origin } });
    ws.on('message', (d) => {
      const m = decodeWire<WireReply>(d as Buffer);
      if (m.type === 'result') replies.set(m.id, m);
    });
    await new Promise((r) => ws.once('open', r));
  });

  afterAll(async () => {
    ws?.close();
    await server?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves by name, lists and reopens it; typed arrays survive the wire bit-exact', async () => {
    const saved = await call('saveProject', { project: snap(), name: 'web' });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved).toMatchObject({ ok: true, value: { name: 'web', path: join(dir, 'data', 'projects', 'web.ssproj') } });
    const list = await call('recentProjects', null);
    expect(list.ok && (list.value as { recent: { name: string }[] }).recent.map((e) => e.name)).toEqual(['web']);
    const opened = await call('openProject', { name: 'web' });
    expect(opened.ok && (opened.value as { project: unknown }).project).toEqual(snap());
  });

  it('opens an uploaded .ssproj from its bytes', async () => {
    const bytes = new TextEncoder().encode(projectText(sampleSnapshot(), { savedAt: '2025-01-01T00:00:00.000Z', appVersion: '0.1.0' }));
    const r = await call('openProject', { file: { name: 'mine.ssproj', bytes } });
    expect(r.ok && (r.value as { name: string; path: unknown })).toMatchObject({ name: 'mine', path: null });
  });

  it('refuses any path outside the projects folder and the recent list, and malformed requests', async () => {
    const outside = join(dir, 'outside.ssproj');
    for (const [op, arg] of [
      ['saveProject', { project: sampleSnapshot(), path: outside }],
      ['openProject', { path: outside }],
      ['openProject', { path: join(dir, 'data', 'projects', '..', 'x.ssproj') }],
    ] as const) {
      const r = await call(op, arg);
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden-path');
    }
    const noPlace = await call('saveProject', { project: sampleSnapshot() });
    expect(noPlace.ok ? '' : noPlace.error).toEqual({ code: 'bad-request', message: 'saveProject: saveProject needs "path" or "name"' });
    const noProject = await call('autosave', {});
    expect(noProject.ok ? '' : noProject.error.message).toBe('autosave: "project" must be a project snapshot');
    expect(await readdir(dir)).not.toContain('outside.ssproj');
  });
});

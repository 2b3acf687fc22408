// The loopback host attacked as a hostile local user with the token would:
// hostile frames, job and resource ownership across pages, connection and frame
// caps, and the access-control, upgrade, traversal and flood checks that held
// in the security review (bounded counts, loopback only), so they stay true.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireReply } from '../api/wire';
import { mockBackend, type MockBackend } from '../shared/testing/mock-backend';
import { startServer, type RunningServer } from './serve';

/** A backend that records what reaches it; `hang:` jobs run until cancelled. */
function recordingBackend() {
  const calls: { op: string; arg: unknown }[] = [];
  const hanging = new Map<string, () => void>();
  let n = 0;
  const rec = (op: string, arg: unknown) => calls.push({ op, arg });
  const backend: MockBackend = mockBackend({
    info: async () => ({ backend: 'cpu' }),
    openImage: async (a) => (rec('openImage', a), { id: `image-${++n}` }),
    openModel: async (a) => (rec('openModel', a), { id: `model-${++n}` }),
    closeImage: async (a) => (rec('closeImage', a), { closed: true }),
    closeModel: async (a) => (rec('closeModel', a), { closed: true }),
    explain: async (a) => {
      rec('explain', a);
      if (a.jobId.includes(':hang')) {
        const tick = setInterval(() => backend.emit({ jobId: a.jobId, done: 1, total: 10 }), 5);
        await new Promise<void>((r) => hanging.set(a.jobId, r));
        clearInterval(tick);
        return { jobId: a.jobId, cancelled: true };
      }
      backend.emit({ jobId: a.jobId, done: 1, total: 1 });
      return { jobId: a.jobId, map: new Float32Array([1]) };
    },
    cancel: async (a) => {
      rec('cancel', a);
      hanging.get(a.jobId)?.();
      return { cancelled: hanging.delete(a.jobId) };
    },
  });
  return { backend, calls };
}

function raw(url: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers, setHost: !opts.headers?.Host }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(server: RunningServer, q = '', headers: Record<string, string> = {}) {
  const base = new URL(server.url);
  const ws = new WebSocket(`ws://${base.host}/ws?token=${server.token}${q}`, { headers: { Origin: base.origin, ...headers } });
  const replies: WireReply[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_r, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  ws.on('message', (d) => replies.push(decodeWire<WireReply>(d as Buffer)));
  let next = 1000;
  const reply = async (id: number) => {
    await vi.waitFor(() => expect(replies.some((r) => r.type === 'result' && r.id === id)).toBe(true), { timeout: 5000 });
    return replies.find((r) => r.type === 'result' && r.id === id) as Extract<WireReply, { type: 'result' }>;
  };
  const call = async (op: string, arg: unknown) => {
    const id = next++;
    ws.send(encodeWire({ type: 'call', id, op, arg }));
    return reply(id);
  };
  return { ws, opened, replies, reply, call };
}

describe('loopback host under attack', () => {
  let dir: string;
  let server: RunningServer;
  const rb = recordingBackend();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-attack-'));
    await mkdir(join(dir, 'www', 'assets'), { recursive: true });
    await writeFile(join(dir, 'www', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'www', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'SECRET');
    server = await startServer({ backend: rb.backend, staticDir: join(dir, 'www'), releaseAfterMs: 100 });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers hostile frames with an error and keeps serving (no unhandled rejection)', async () => {
    const c = connect(server);
    await c.opened;
    const frames = [
      '{"type":"call","id":1,"op":{"toString":1}}',
      '{"type":"call","id":2,"op":{"toString":{"valueOf":1}},"arg":{}}',
      '{"type":"call","id":3,"op":["info"]}',
      '{"type":"call","id":4,"op":null}',
      '{"type":"call","id":{"toString":1},"op":"info"}',
      '{"type":{"toString":1},"id":6,"op":"info"}',
      'null',
      '[]',
      '1',
      '"call"',
      '{}',
      '{"type":"call","id":12,"op":"openImage","arg":{"file":{"name":"a","bytes":{"__typed":"toString","b64":"AA=="}}}}',
      '{"type":"call","id":13,"op":"openImage","arg":{"file":{"name":"a","bytes":{"__typed":"Float32Array","b64":{"toString":1}}}}}',
      '{"type":"call","id":14,"op":"hasOwnProperty"}',
      '{"type":"call","id":15,"op":"__proto__","arg":{"__proto__":{"polluted":1}}}',
    ];
    for (const f of frames) c.ws.send(f);

    await vi.waitFor(() => expect(c.replies.filter((r) => r.type === 'result').length).toBe(frames.length), { timeout: 5000 });
    expect(c.replies.filter((r) => r.type !== 'result' || r.ok)).toEqual([]);
    expect(await c.reply(1)).toMatchObject({ ok: false, error: { code: 'unknown-op', message: 'unknown operation of type object' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The same socket, and the server, still answer.
    expect((await c.call('info', null)).ok).toBe(true);
    c.ws.close();
  });

  it('scopes job ids to the page: no shared progress, no foreign cancel, duplicates refused', async () => {
    const a = connect(server, '&session=aaaaaaaaaaaaaaaaaaaa');
    const b = connect(server, '&session=bbbbbbbbbbbbbbbbbbbb');
    await Promise.all([a.opened, b.opened]);
    a.ws.send(encodeWire({ type: 'call', id: 100, op: 'explain', arg: { jobId: 'hang', modelId: 'm', imageId: 'i', method: 's' } }));
    b.ws.send(encodeWire({ type: 'call', id: 100, op: 'explain', arg: { jobId: 'hang', modelId: 'm', imageId: 'i', method: 's' } }));
    await vi.waitFor(() => expect(rb.calls.filter((c) => c.op === 'explain').length).toBeGreaterThanOrEqual(2));
    const engineIds = rb.calls.filter((c) => c.op === 'explain').map((c) => (c.arg as { jobId: string }).jobId);
    expect(new Set(engineIds).size).toBe(engineIds.length); // the engine sees two different jobs
    // A third call with the same id on page A is refused, not merged.
    const dup = await a.call('explain', { jobId: 'hang', modelId: 'm', imageId: 'i', method: 's' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'duplicate-job' } });
    await new Promise((r) => setTimeout(r, 60));
    const progA = a.replies.filter((r) => r.type === 'progress').length;
    const progB = b.replies.filter((r) => r.type === 'progress').length;
    expect(progA).toBeGreaterThan(0);
    expect(progB).toBeGreaterThan(0);
    // Each page sees its own id only, never the engine's scoped one.
    for (const r of [...a.replies, ...b.replies]) if (r.type === 'progress') expect(r.progress.jobId).toBe('hang');
    // B cancels "hang": only B's job stops; A's keeps running.
    expect(await b.call('cancel', { jobId: 'hang' })).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(await b.reply(100)).toMatchObject({ ok: true, value: { jobId: 'hang' } });
    expect(a.replies.some((r) => r.type === 'result' && r.id === 100)).toBe(false);
    // B cancels again (nothing of B's runs): A's job is untouched and the engine not even asked.
    const cancels = rb.calls.filter((c) => c.op === 'cancel').length;
    expect(await b.call('cancel', { jobId: 'hang' })).toMatchObject({ ok: true, value: { cancelled: false } });
    expect(rb.calls.filter((c) => c.op === 'cancel').length).toBe(cancels);
    expect(await a.call('cancel', { jobId: 'hang' })).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(await a.reply(100)).toMatchObject({ ok: true });
    a.ws.close();
    b.ws.close();
  });

  it('releases what a page opened once its last socket is gone, and only its own', async () => {
    const a = connect(server, '&session=cccccccccccccccccccc');
    const b = connect(server, '&session=dddddddddddddddddddd');
    await Promise.all([a.opened, b.opened]);
    const img = ((await a.call('openImage', { path: '/x.png' })) as { value: { id: string } }).value.id;
    const model = ((await a.call('openModel', { path: '/m.json' })) as { value: { id: string } }).value.id;
    // Another page cannot close them.
    expect(await b.call('closeImage', { imageId: img })).toMatchObject({ ok: true, value: { closed: false } });
    expect(rb.calls.some((c) => c.op === 'closeImage')).toBe(false);
    // A reconnect within the grace period keeps them.
    a.ws.close();
    const a2 = connect(server, '&session=cccccccccccccccccccc');
    await a2.opened;
    await new Promise((r) => setTimeout(r, 200));
    expect(rb.calls.some((c) => c.op === 'closeImage')).toBe(false);
    a2.ws.close();
    await vi.waitFor(() => {
      expect(rb.calls.filter((c) => c.op === 'closeImage').map((c) => c.arg)).toEqual([{ imageId: img }]);
      expect(rb.calls.filter((c) => c.op === 'closeModel').map((c) => c.arg)).toEqual([{ modelId: model }]);
    });
    b.ws.close();
  });

  it('caps connections (503 past the cap) and frame size (1009), and keeps serving', async () => {
    const small = await startServer({ backend: rb.backend, staticDir: join(dir, 'www'), maxConnections: 3, maxPayload: 4096 });
    try {
      const open = [connect(small), connect(small), connect(small)];
      await Promise.all(open.map((c) => c.opened));
      await expect(connect(small).opened).rejects.toThrow(/503/);
      const closed = new Promise<number>((r) => open[0].ws.once('close', (code) => r(code)));
      open[0].ws.send('x'.repeat(8192));
      expect(await closed).toBe(1009);
      const again = connect(small);
      await again.opened;
      expect((await again.call('info', null)).ok).toBe(true);
      for (const c of [...open, again]) c.ws.close();
    } finally {
      await small.close();
    }
  });

  it('refuses every access-control variant without a valid token, method or Host', async () => {
    const port = new URL(server.url).port;
    const t = server.token;
    const variants: [string, string, Record<string, string>?][] = [
      ['GET', '/'],
      ['GET', '/index.html'],
      ['GET', '/?token='],
      ['GET', '/?token=wrong'],
      ['GET', `/?token=${t.toUpperCase()}`],
      ['GET', `/?token=${t.slice(1)}`],
      ['GET', `/?token=${t}0`],
      ['GET', `/?token=${t.slice(0, 32)}`],
      ['GET', `/?tok=${t}`],
      ['GET', `/?token[]=${t}`],
      ['GET', '/', { Cookie: `ss_token_${port}=${t}` }],
      ['GET', '/assets/app.js'],
      ['GET', '/assets/app.js', { Cookie: `ss_token_${port}=wrong` }],
      ['GET', '/assets/app.js', { Cookie: `ss_token_1=${t}` }],
      ['GET', '/assets/app.js', { Cookie: `ss_token=${t}` }],
      ['GET', '/assets/app.js', { Authorization: `Bearer ${t}` }],
      ['POST', `/?token=${t}`],
      ['PUT', `/?token=${t}`],
      ['DELETE', `/?token=${t}`],
      ['PATCH', `/?token=${t}`],
      ['OPTIONS', `/?token=${t}`],
      ['TRACE', `/?token=${t}`],
      ['GET', `/?token=${t}`, { Host: 'evil.example' }],
      ['GET', `/?token=${t}`, { Host: `localhost:${port}` }],
      ['GET', `/?token=${t}`, { Host: '127.0.0.1' }],
      ['GET', `/?token=${t}`, { Host: `[::1]:${port}` }],
      ['GET', `/?token=${t}`, { Host: `127.0.0.1:${Number(port) + 1}` }],
      ['GET', `/?token=${t}`, { Host: `127.0.0.1.nip.io:${port}` }],
      ['GET', `/?token=${t}`, { Host: `0.0.0.0:${port}` }],
      ['GET', `/?token=${t}`, { Host: `127.1:${port}` }],
      ['GET', `/?token=${encodeURIComponent(' ' + t)}`],
      ['GET', `/?token=${t}%00`],
      ['GET', `/assets/app.js?token=wrong`, { Cookie: `ss_token_${port}=also-wrong` }],
      ['GET', `/ws?token=wrong`],
      ['GET', `/%2e%2e/?token=wrong`],
      ['GET', '//?token=wrong'],
    ];
    expect(variants.length).toBe(36);
    for (const [method, path, headers] of variants) {
      const r = await raw(server.url, path, { method, headers });
      expect([403, 405], `${method} ${path} ${JSON.stringify(headers)}`).toContain(r.status);
    }
  });

  it('refuses every WebSocket upgrade variant without token, path, Origin or Host', async () => {
    const base = new URL(server.url);
    const t = server.token;
    const variants: [string, Record<string, string>][] = [
      [`/ws`, { Origin: base.origin }],
      [`/ws?token=wrong`, { Origin: base.origin }],
      [`/ws?token=${t.slice(2)}`, { Origin: base.origin }],
      [`/ws2?token=${t}`, { Origin: base.origin }],
      [`/?token=${t}`, { Origin: base.origin }],
      [`/ws/?token=${t}`, { Origin: base.origin }],
      [`/ws?token=${t}`, {}],
      [`/ws?token=${t}`, { Origin: 'null' }],
      [`/ws?token=${t}`, { Origin: 'http://evil.example' }],
      [`/ws?token=${t}`, { Origin: `http://localhost:${base.port}` }],
      [`/ws?token=${t}`, { Origin: `https://127.0.0.1:${base.port}` }],
      [`/ws?token=${t}`, { Origin: `http://127.0.0.1:${Number(base.port) + 1}` }],
      [`/ws?token=${t}`, { Origin: base.origin, Host: 'evil.example' }],
      [`/ws`, { Origin: base.origin, Cookie: `ss_token_${base.port}=${t}` }],
      [`/ws?token=${t.toUpperCase()}`, { Origin: base.origin }],
    ];
    expect(variants.length).toBe(15);
    for (const [path, headers] of variants) {
      const ws = new WebSocket(`ws://${base.host}${path}`, { headers });
      const outcome = await new Promise<string>((r) => {
        ws.once('open', () => r('open'));
        ws.once('unexpected-response', (_q, res) => r(`HTTP ${res.statusCode}`));
        ws.once('error', () => r('error'));
      });
      ws.terminate();
      expect(outcome, `${path} ${JSON.stringify(headers)}`).not.toBe('open');
    }
  });

  it('never serves a file outside the static folder (44 traversal variants)', async () => {
    const q = `?token=${server.token}`;
    const dots = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '..%00', '%252e%252e', '..%c0%af', '....', '..;'];
    const seps = ['/', '%2f', '%2F', '%5c', '\\'];
    const paths = new Set<string>();
    for (const d of dots) for (const s of seps.slice(0, 4)) paths.add(`/${d}${s}secret.txt`);
    for (const extra of ['/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', `/${dir.slice(1)}/secret.txt`, '/../../../../etc/passwd'])
      paths.add(extra);
    expect(paths.size).toBe(44);
    for (const p of paths) {
      const r = await raw(server.url, p + q);
      expect(r.status, p).not.toBe(200);
      expect(r.body, p).not.toContain('SECRET');
      expect(r.body, p).not.toContain('root:');
    }
  });

  it('answers a flood of 2000 calls and 200 concurrent sockets', async () => {
    const c = connect(server);
    await c.opened;
    const rss0 = process.memoryUsage.rss();
    for (let i = 0; i < 2000; i++) c.ws.send(encodeWire({ type: 'call', id: 10_000 + i, op: 'info', arg: null }));
    await vi.waitFor(() => expect(c.replies.filter((r) => r.type === 'result').length).toBe(2000), { timeout: 20_000 });
    expect(c.replies.every((r) => r.type === 'result' && r.ok)).toBe(true);
    expect(process.memoryUsage.rss() - rss0).toBeLessThan(200 * 2 ** 20);
    c.ws.close();
    const many = Array.from({ length: 200 }, () => connect(server));
    await Promise.all(many.map((m) => m.opened));
    const answers = await Promise.all(many.map((m) => m.call('info', null)));
    expect(answers.filter((a) => a.ok).length).toBe(200);
    for (const m of many) m.ws.close();
  });
});

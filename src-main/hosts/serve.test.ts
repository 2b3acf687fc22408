import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireReply } from '../api/wire';
import { mockBackend, type MockBackend } from '../shared/testing/mock-backend';
import { startServer, type RunningServer } from './serve';

function fakeBackend() {
  const cancelled: string[] = [];
  const backend: MockBackend = mockBackend({
    info: async () => ({ backend: 'cpu', ladder: [], tfjsVersion: 'x', addedKernels: [], replacedKernels: [], pixelLimit: 1 }),
    methods: async () => [],
    demos: async () => [],
    openModel: async () => {
      throw Object.assign(new Error('bad model\n    at secret/stack.js:1:1'), { code: 'bad-model' });
    },
    openImage: async (req) => ({ id: 'img', name: req.file?.name, size: req.file?.bytes.length }),
    imagePixels: async () => ({ width: 2, height: 1, channels: 1, data: new Float32Array([1.5, -2]), window: [0, 1], invert: false }),
    predict: async () => ({ top: [], ms: 1 }),
    explain: async (req) => {
      if (req.jobId.endsWith(':hang')) return new Promise(() => undefined);
      backend.emit({ jobId: req.jobId, done: 1, total: 2 });
      backend.emit({ jobId: 'someone-else', done: 1, total: 2 });
      return { jobId: req.jobId, map: new Float32Array([0.25, 0.5]), shape: [1, 2] };
    },
    cancel: async (req) => {
      cancelled.push(req.jobId);
      return { cancelled: true };
    },
  });
  return { backend, cancelled };
}

/** Raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(url: string, path: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(server: RunningServer, opts: { token?: string; origin?: string } = {}) {
  const base = new URL(server.url);
  const ws = new WebSocket(`ws://${base.host}/ws?token=${opts.token ?? server.token}`, { headers: { Origin: opts.origin ?? base.origin } });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const replies: WireReply[] = [];
  ws.on('message', (d) => replies.push(decodeWire<WireReply>(d as Buffer)));
  const reply = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const r = replies.find((x) => x.type === 'result' && x.id === id);
      if (r) return r;
      await new Promise((r2) => setTimeout(r2, 10));
    }
    throw new Error(`no reply ${id}`);
  };
  return { ws, opened, replies, reply };
}

describe('loopback web host', () => {
  let dir: string;
  let server: RunningServer;
  const fake = fakeBackend();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-serve-'));
    await mkdir(join(dir, 'www', 'assets'), { recursive: true });
    await writeFile(join(dir, 'www', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'www', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'SECRET');
    server = await startServer({ backend: fake.backend, staticDir: join(dir, 'www'), port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a tokened loopback URL and refuses other hosts', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    await expect(startServer({ backend: fake.backend, staticDir: dir, host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('refuses the page and assets without the token', async () => {
    expect((await get(server.url, '/')).status).toBe(403);
    expect((await get(server.url, '/?token=wrong')).status).toBe(403);
    expect((await get(server.url, '/assets/app.js')).status).toBe(403);
    expect((await get(server.url, '/assets/app.js', { Cookie: 'ss_token_1=' + server.token })).status).toBe(403);
  });

  it('serves the page with the token, with CSP, nosniff and a cookie for its assets', async () => {
    const page = await get(server.url, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String((page.headers['set-cookie'] as string[])[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await get(server.url, '/assets/app.js', { Cookie: cookie.split(';')[0] });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server.url, `/assets/app.js?token=${server.token}`)).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(server.url, `/?token=${server.token}`, { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('never serves files outside the static directory', async () => {
    const q = `?token=${server.token}`;
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await get(server.url, path + q);
      expect(res.status, path).not.toBe(200);
      expect(res.body).not.toContain('SECRET');
    }
  });

  it('round-trips calls over the WebSocket, typed arrays included', async () => {
    const c = connect(server);
    await c.opened;
    const bytes = new Uint8Array([137, 80, 78, 71, 0, 255]);
    c.ws.send(encodeWire({ type: 'call', id: 1, op: 'openImage', arg: { file: { name: 'a.png', bytes } } }));
    c.ws.send(encodeWire({ type: 'call', id: 2, op: 'imagePixels', arg: { imageId: 'img' } }));
    c.ws.send(encodeWire({ type: 'call', id: 3, op: 'openModel', arg: { path: 'x' } }));
    expect(await c.reply(1)).toEqual({ type: 'result', id: 1, ok: true, value: { id: 'img', name: 'a.png', size: 6 } });
    const px = await c.reply(2);
    const data = (px as { value: { data: Float32Array } }).value.data;
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data)).toEqual([1.5, -2]);
    // Errors cross as {code, message}: no stack.
    expect(await c.reply(3)).toEqual({ type: 'result', id: 3, ok: false, error: { code: 'bad-model', message: 'bad model' } });
    c.ws.close();
  });

  it('refuses unknown operations and garbage', async () => {
    const c = connect(server);
    await c.opened;
    for (const [id, op] of [
      [4, 'close'],
      [5, 'onProgress'],
      [6, 'constructor'],
      [7, '__proto__'],
    ] as const) {
      c.ws.send(JSON.stringify({ type: 'call', id, op, arg: null }));
      const r = await c.reply(id);
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown-op' } });
    }
    c.ws.send('not json');
    expect(await c.reply(0)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    c.ws.close();
  });

  it('routes progress to the socket that started the job only', async () => {
    const a = connect(server);
    const b = connect(server);
    await Promise.all([a.opened, b.opened]);
    a.ws.send(encodeWire({ type: 'call', id: 8, op: 'explain', arg: { modelId: 'm', imageId: 'i', method: 's', jobId: 'job-a' } }));
    const r = await a.reply(8);
    expect(r).toMatchObject({ ok: true, value: { jobId: 'job-a' } });
    expect(Array.from((r as { value: { map: Float32Array } }).value.map)).toEqual([0.25, 0.5]);
    const progress = a.replies.filter((x) => x.type === 'progress');
    expect(progress).toEqual([{ type: 'progress', progress: { jobId: 'job-a', done: 1, total: 2 } }]);
    expect(b.replies).toEqual([]);
    a.ws.close();
    b.ws.close();
  });

  it('cancels the running jobs of a socket that closes', async () => {
    const c = connect(server);
    await c.opened;
    c.ws.send(encodeWire({ type: 'call', id: 10, op: 'explain', arg: { modelId: 'm', imageId: 'i', method: 's', jobId: 'hang' } }));
    await new Promise((r) => setTimeout(r, 50));
    c.ws.close();
    // The engine sees the job under the page's scoped id (session key, then the page's own id).
    await vi.waitFor(() => expect(fake.cancelled.some((id) => id.endsWith(':hang'))).toBe(true));
  });

  it('refuses WebSockets without the token or from a foreign Origin', async () => {
    await expect(connect(server, { token: 'nope' }).opened).rejects.toThrow(/403/);
    await expect(connect(server, { origin: 'http://evil.example' }).opened).rejects.toThrow(/403/);
    await expect(connect(server, { origin: 'http://localhost:1' }).opened).rejects.toThrow(/403/);
  });

  it('drops an oversized frame without crashing the server', async () => {
    const small = await startServer({ backend: fake.backend, staticDir: join(dir, 'www'), maxPayload: 1024 });
    try {
      const c = connect(small);
      await c.opened;
      const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
      c.ws.send('x'.repeat(4096));
      expect(await closed).toBe(1009);
      const d = connect(small);
      await d.opened;
      d.ws.send(encodeWire({ type: 'call', id: 9, op: 'info', arg: null }));
      expect(await d.reply(9)).toMatchObject({ ok: true });
      d.ws.close();
    } finally {
      await small.close();
    }
  });
});

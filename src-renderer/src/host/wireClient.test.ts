import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/api/types';
import { decodeWire, encodeWire, type WireCall, type WireReply } from '../../../src-main/api/wire';
import { HostError } from './Host';
import { socketUrl, WebHost } from './webHost';
import type { SocketLike } from './wireClient';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: WireCall[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string | Uint8Array) {
    if (this.readyState !== 1) throw new Error('send before open');
    this.sent.push(decodeWire<WireCall>(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(msg: WireReply) {
    this.onmessage?.({ data: encodeWire(msg) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const host = new WebHost('ws://127.0.0.1:9/ws?token=t', (url) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s;
  });
  return { host, sockets };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('web host over the wire', () => {
  it('builds the socket URL from the page URL and its token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=a b' })).toBe('ws://127.0.0.1:5123/ws?token=a%20b');
    expect(socketUrl({ protocol: 'https:', host: 'h', search: '?token=x' })).toBe('wss://h/ws?token=x');
    expect(socketUrl({ protocol: 'http:', host: 'h', search: '' })).toBeNull();
  });

  it('queues calls until the socket opens, then matches replies by id', async () => {
    const { host, sockets } = setup();
    const info = host.api.info();
    const methods = host.api.methods();
    expect(sockets).toHaveLength(1);
    // The page's session key rides on the socket URL (the host keeps its models and images across reconnects).
    expect(sockets[0].url).toMatch(/^ws:\/\/127\.0\.0\.1:9\/ws\?token=t&session=[0-9a-f]{32}$/);
    sockets[0].open();
    const [a, b] = sockets[0].sent;
    expect(a).toMatchObject({ type: 'call', op: 'info' });
    expect(b).toMatchObject({ type: 'call', op: 'methods' });
    sockets[0].reply({ type: 'result', id: b.id, ok: true, value: [] });
    sockets[0].reply({ type: 'result', id: a.id, ok: true, value: { backend: 'cpu' } });
    await expect(methods).resolves.toEqual([]);
    await expect(info).resolves.toEqual({ backend: 'cpu' });
  });

  it('sends typed arrays as base64 and decodes typed arrays in replies', async () => {
    const { host, sockets } = setup();
    const p = host.api.openImage({ file: { name: 'a.png', bytes: Uint8Array.from([1, 2, 250]) } });
    sockets[0].open();
    const call = sockets[0].sent[0];
    expect(call.op).toBe('openImage');
    expect((call.arg as { file: { bytes: Uint8Array } }).file.bytes).toEqual(Uint8Array.from([1, 2, 250]));
    const px = host.api.imagePixels({ imageId: 'i' });
    const id = sockets[0].sent[1].id;
    sockets[0].reply({ type: 'result', id, ok: true, value: { data: Float32Array.from([0.5, -2]) } });
    const got = (await px) as unknown as { data: Float32Array };
    expect(got.data).toBeInstanceOf(Float32Array);
    expect(Array.from(got.data)).toEqual([0.5, -2]);
    sockets[0].reply({ type: 'result', id: call.id, ok: true, value: null });
    await p;
  });

  it('rejects with the host error code and message', async () => {
    const { host, sockets } = setup();
    const p = host.api.openModel({ path: '/nope' });
    sockets[0].open();
    sockets[0].reply({ type: 'result', id: sockets[0].sent[0].id, ok: false, error: { code: 'not-found', message: 'no such file' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'not-found', message: 'no such file' });
  });

  it('broadcasts progress events to subscribers until they unsubscribe', async () => {
    const { host, sockets } = setup();
    const seen: JobProgress[] = [];
    const off = host.onProgress((p) => seen.push(p));
    const job = host.api.explain({ jobId: 'j1', modelId: 'm', imageId: 'i', method: 'saliency' });
    sockets[0].open();
    sockets[0].reply({ type: 'progress', progress: { jobId: 'j1', done: 1, total: 3 } });
    off();
    sockets[0].reply({ type: 'progress', progress: { jobId: 'j1', done: 2, total: 3 } });
    expect(seen).toEqual([{ jobId: 'j1', done: 1, total: 3 }]);
    sockets[0].reply({ type: 'result', id: sockets[0].sent[0].id, ok: true, value: { jobId: 'j1' } });
    await expect(job).resolves.toEqual({ jobId: 'j1' });
  });

  it('fails pending calls when the connection drops and reconnects on the next call', async () => {
    const { host, sockets } = setup();
    const p = host.api.demos();
    sockets[0].open();
    sockets[0].drop(4401, 'bad token');
    await expect(p).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('bad token') });
    const q = host.api.demos();
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    sockets[1].reply({ type: 'result', id: sockets[1].sent[0].id, ok: true, value: [] });
    await expect(q).resolves.toEqual([]);
  });

  it('ignores malformed frames and replies for unknown ids', async () => {
    const { host, sockets } = setup();
    const p = host.api.info();
    sockets[0].open();
    sockets[0].onmessage?.({ data: 'not json' });
    sockets[0].onmessage?.({ data: new ArrayBuffer(4) });
    sockets[0].reply({ type: 'result', id: 999, ok: true, value: 1 });
    await tick();
    sockets[0].reply({ type: 'result', id: sockets[0].sent[0].id, ok: true, value: 2 });
    await expect(p).resolves.toBe(2);
  });

  it('close() rejects pending calls and closes the socket', async () => {
    const { host, sockets } = setup();
    const p = host.api.info();
    host.close();
    await expect(p).rejects.toBeInstanceOf(HostError);
    expect(sockets[0].closed).toBe(true);
  });
});

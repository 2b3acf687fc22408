// Two pages on one engine: overlapping jobs of mixed methods must give the
// maps they give alone (bit for bit) and leave no tensors; a job cancelled
// while it waits behind another page's long job leaves the queue at once and
// never restarts the engine (which would kill the other page's job).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ExplainResult } from '../api/types';
import { decodeWire, encodeWire, type WireReply } from '../api/wire';
import { startServer, type RunningServer } from '../hosts/serve';
import { demo } from '../testing/shared-data';
import { type EngineBackend, startEngine } from './client';

type Result = Extract<WireReply, { type: 'result' }>;

function page(server: RunningServer) {
  const base = new URL(server.url);
  const ws = new WebSocket(`ws://${base.host}/ws?token=${server.token}`, { headers: { Origin: base.origin } });
  const waiting = new Map<number, (r: Result) => void>();
  ws.on('message', (d) => {
    const m = decodeWire<WireReply>(d as Buffer);
    if (m.type === 'result') waiting.get(m.id)?.(m);
  });
  let next = 1;
  const call = (op: string, arg: unknown): Promise<Result> => {
    const id = next++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      ws.send(encodeWire({ type: 'call', id, op, arg }));
    });
  };
  const value = async <T>(op: string, arg: unknown): Promise<T> => {
    const r = await call(op, arg);
    if (!r.ok) throw new Error(`${op}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const opened = new Promise<void>((r, j) => {
    ws.once('open', () => r());
    ws.once('error', j);
  });
  return { ws, opened, call, value };
}

const JOBS: { method: string; params?: Record<string, unknown>; image: string }[] = [
  { method: 'saliency', image: 'digit-3.png' },
  { method: 'guided-backprop', image: 'digit-7.png' },
  { method: 'integrated-gradients', params: { steps: 16 }, image: 'digit-3.png' },
  { method: 'deconvnet', image: 'digit-3.png' },
  { method: 'gradcam', image: 'digit-7.png' },
  { method: 'lrp', params: { rule: 'epsilon' }, image: 'digit-3.png' },
  { method: 'smoothgrad', params: { samples: 8, seed: 3 }, image: 'digit-7.png' },
  { method: 'deeplift', image: 'digit-7.png' },
  { method: 'occlusion', params: { window: 7, stride: 7 }, image: 'digit-3.png' },
  { method: 'gradient-input', image: 'digit-7.png' },
];

describe('overlapping jobs from two pages', () => {
  let backend: EngineBackend;
  let server: RunningServer;
  let a: ReturnType<typeof page>;
  let b: ReturnType<typeof page>;
  const ids = new Map<ReturnType<typeof page>, { model: string; images: Record<string, string> }>();

  beforeAll(async () => {
    backend = await startEngine();
    server = await startServer({ backend, staticDir: import.meta.dirname });
    a = page(server);
    b = page(server);
    await Promise.all([a.opened, b.opened]);
    for (const p of [a, b]) {
      const model = (await p.value<{ id: string }>('openModel', { path: demo('digits', 'model.json') })).id;
      const images: Record<string, string> = {};
      for (const name of ['digit-3.png', 'digit-7.png'])
        images[name] = (await p.value<{ id: string }>('openImage', { path: demo('digits', 'samples', name) })).id;
      ids.set(p, { model, images });
    }
  });
  afterAll(async () => {
    a?.ws.close();
    b?.ws.close();
    await server?.close();
    await backend?.close();
  });

  const explain = (p: ReturnType<typeof page>, j: (typeof JOBS)[number], jobId: string) => {
    const o = ids.get(p)!;
    return p.value<ExplainResult>('explain', { jobId, modelId: o.model, imageId: o.images[j.image], method: j.method, params: j.params ?? {} });
  };

  it('10 overlapping explains of mixed methods equal the same explains run alone, and leave no tensors', async () => {
    const alone: Float32Array[] = [];
    for (const [i, j] of JOBS.entries()) alone.push((await explain(a, j, `alone-${i}`)).map);
    const tensors = (await a.value<{ memory: { tensors: number } }>('info', null)).memory.tensors;
    // Same job ids on both pages on purpose: they are the pages' own.
    const overlapping = JOBS.map((j, i) => explain(i % 2 ? b : a, j, `job-${i >> 1}`));
    // Predictions in between, as the masking lab and the top-5 list send them.
    const preds = [a, b, a, b].map((p) =>
      p.value<{ top: { label: string }[] }>('predict', { modelId: ids.get(p)!.model, imageId: ids.get(p)!.images['digit-7.png'] }),
    );
    const got = await Promise.all(overlapping);
    for (const [i, r] of got.entries()) expect(Array.from(r.map), JOBS[i].method).toEqual(Array.from(alone[i]));
    for (const p of await Promise.all(preds)) expect(p.top[0].label).toBe('7');
    expect((await a.value<{ memory: { tensors: number } }>('info', null)).memory.tensors).toBe(tensors);
    expect(backend.engine.restarts).toBe(0);
  });

  it('a job cancelled while queued behind another page’s long job leaves at once; the long job finishes', async () => {
    // A stuck job is one still running this long after its cancel: short, so that taking the queued job for a stuck one would show.
    backend.engine.cancelGraceMs = 500;
    const long = explain(a, { method: 'rise', params: { samples: 20000, batch: 32 }, image: 'digit-3.png' }, 'long');
    await new Promise((r) => setTimeout(r, 100));
    const queued = b.call('explain', { jobId: 'queued', modelId: ids.get(b)!.model, imageId: ids.get(b)!.images['digit-3.png'], method: 'saliency' });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await b.value('cancel', { jobId: 'queued' });
    const r = await queued;
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(performance.now() - t0).toBeLessThan(2000);
    // Well past the grace period the long job still ends well: the engine was not restarted under it.
    const done = await long;
    expect(done.map.length).toBe(28 * 28);
    expect(backend.engine.restarts).toBe(0);
  });

  it('refuses a second job with the id of a running one (same page), and closes images it is asked to', async () => {
    const o = ids.get(a)!;
    const first = explain(a, { method: 'occlusion', params: { window: 2, stride: 1 }, image: 'digit-7.png' }, 'twice');
    const second = await a.call('explain', { jobId: 'twice', modelId: o.model, imageId: o.images['digit-7.png'], method: 'saliency' });
    expect(second).toMatchObject({ ok: false, error: { code: 'duplicate-job' } });
    await first;
    expect(await a.value('closeImage', { imageId: o.images['digit-7.png'] })).toEqual({ closed: true });
    const gone = await a.call('predict', { modelId: o.model, imageId: o.images['digit-7.png'] });
    expect(gone).toMatchObject({ ok: false, error: { code: 'unknown-image' } });
  });
});

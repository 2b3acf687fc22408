// The host side of the engine worker: validates requests, forwards them, and
// survives a worker crash: pending calls fail naming their job; the next call
// starts a fresh worker, which first reopens every model and image that was
// open (same requests, same order). The ids the host handed out stay valid:
// requests are translated to the new worker's ids and replies back.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isErrorCode, StudioError } from '../api/errors';
import { ENGINE_OPS, opSpec } from '../api/spec';
import { validateRequest } from '../api/validate';
import type { ApiOp, JobProgress, StudioApi, StudioBackend } from '../api/types';
import type { FromWorker, Items, ShareTag, ToWorker } from './share-wire';
import { hostOps, hostStores } from '../project/ops';
import { ProjectStore } from '../project/store';
import { EnginePool } from './pool';
import { saveWorkerPref } from './worker-pref';

interface Pending {
  op: ApiOp;
  jobId?: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

function defaultWorker(): { path: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  // From source (tsx, tests, CLI) run worker.ts through tsx; from the
  // electron-vite build run the bundled engine-worker.js beside this file.
  if (here.endsWith('.ts')) return { path: join(dir, 'worker-dev.mjs'), execArgv: [] };
  return { path: join(dir, 'engine-worker.js'), execArgv: [] };
}

/** The request fields that name what an open made (api/spec.ts `opens`). */
const ID_FIELDS = ['modelId', 'imageId'] as const;

export class WorkerEngine {
  private worker: Worker | null = null;
  /** Successful opens, replayed into a restarted worker: the host's id and the request. */
  private opened: { id: string; op: ApiOp; arg: unknown }[] = [];
  /** Host id → the current worker's id (identity until a restart). */
  private ids = new Map<string, string>();
  private ready: Promise<void> = Promise.resolve();
  private pending = new Map<number, Pending>();
  private listeners = new Set<(p: JobProgress) => void>();
  private exchanges = new Set<(m: Extract<FromWorker, { type: 'exchange' }>) => void>();
  private seq = 0;
  private closed = false;
  restarts = 0;
  /** How long a cancelled job may keep running before the worker is terminated. */
  cancelGraceMs = 5000;

  constructor(private readonly spec: { path: string; execArgv: string[]; env?: NodeJS.ProcessEnv }) {
    if (!existsSync(spec.path)) throw new StudioError('no-build', `engine worker not found at ${spec.path}`);
  }

  private spawn(): Worker {
    const w = new Worker(this.spec.path, { execArgv: this.spec.execArgv, ...(this.spec.env ? { env: this.spec.env } : {}) });
    w.on('message', (m: FromWorker) => this.onMessage(m));
    w.on('error', (err) => this.onDeath(`the engine failed: ${err.message.split('\n')[0]}`));
    w.on('exit', (code) => this.onDeath(`the engine stopped (exit code ${code})`));
    return w;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'progress') {
      for (const cb of this.listeners) cb(m.progress);
      return;
    }
    if (m.type === 'exchange') {
      for (const cb of this.exchanges) cb(m);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new StudioError(isErrorCode(m.error.code) ? m.error.code : 'internal', m.error.message));
  }

  private onDeath(why: string): void {
    if (!this.worker) return;
    this.worker = null;
    if (!this.closed) this.restarts++;
    for (const p of this.pending.values()) {
      const what = p.jobId ? `job ${p.jobId} (${p.op})` : p.op;
      p.reject(new StudioError('engine-crashed', `${why} while running ${what}; it restarts on the next request and reopens the open models and images`));
    }
    this.pending.clear();
  }

  private send(op: ApiOp, arg: unknown, share?: ShareTag): Promise<unknown> {
    const id = ++this.seq;
    const jobId = (arg as { jobId?: string } | undefined)?.jobId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op, jobId, resolve, reject });
      this.post({ type: 'call', id, op, arg, ...(share ? { share } : {}) });
    });
  }

  private post(m: ToWorker): void {
    this.worker!.postMessage(m);
  }

  /** A shared job's replica in this worker posted its items of a stage (pool.ts answers). */
  onExchange(cb: (m: Extract<FromWorker, { type: 'exchange' }>) => void): () => void {
    this.exchanges.add(cb);
    return () => this.exchanges.delete(cb);
  }

  /** The other replicas' items of a stage, for this worker's replica. */
  answerExchange(group: string, stage: number, items: Items, ended = false): void {
    this.worker?.postMessage({ type: 'exchanged', group, stage, items, ended } satisfies ToWorker);
  }

  /** Reopens, in a fresh worker, what the dead one had open; what fails to reopen is forgotten. */
  private async reopen(): Promise<void> {
    const kept: typeof this.opened = [];
    for (const o of this.opened) {
      try {
        const info = (await this.send(o.op, o.arg)) as { id: string };
        this.ids.set(o.id, info.id);
        kept.push(o);
      } catch {
        this.ids.delete(o.id);
      }
    }
    this.opened = kept;
  }

  /** The request with host ids replaced by the current worker's. */
  private toWorker(arg: unknown): unknown {
    if (!arg || typeof arg !== 'object') return arg;
    const a = arg as Record<string, unknown>;
    if (!ID_FIELDS.some((k) => typeof a[k] === 'string' && this.ids.has(a[k]))) return arg;
    const out = { ...a };
    for (const k of ID_FIELDS) if (typeof a[k] === 'string') out[k] = this.ids.get(a[k]) ?? a[k];
    return out;
  }

  private forget(hostId: string): void {
    this.opened = this.opened.filter((o) => o.id !== hostId);
    this.ids.delete(hostId);
  }

  /** A new open's reply under a host id that no earlier open used. */
  private recordOpen(op: ApiOp, arg: unknown, value: unknown): unknown {
    const info = value as { id: string };
    let hostId = info.id;
    for (let n = 2; this.ids.has(hostId) && this.ids.get(hostId) !== info.id; n++) hostId = `${info.id}~${n}`;
    this.ids.set(hostId, info.id);
    this.opened.push({ id: hostId, op, arg });
    return hostId === info.id ? value : { ...info, id: hostId };
  }

  /** `share`: run as one replica of a shared job (core/share.ts). */
  call(op: ApiOp, arg: unknown, share?: ShareTag): Promise<unknown> {
    try {
      validateRequest(op, arg ?? {});
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.closed) return Promise.reject(new StudioError('engine-closed', 'the engine has been closed'));
    if (!this.worker) {
      this.worker = this.spawn();
      if (this.opened.length) this.ready = this.reopen();
    }
    if (op === 'cancel') this.watchCancel((arg as { jobId: string }).jobId);
    return this.ready.then(async () => {
      const value = await this.send(op, this.toWorker(arg), share);
      // A closed resource is no longer replayed after a restart; an opened one is.
      const { opens, closes } = opSpec(op);
      if (closes) this.forget((arg as Record<string, string>)[closes]);
      return opens ? this.recordOpen(op, arg, value) : value;
    });
  }

  /**
   * Cancellation is cooperative: a job sees it between batches. One stuck in
   * a long synchronous kernel never does, so if it still runs `cancelGraceMs`
   * after its cancel, the worker is terminated (and restarted on the next
   * call, with the open models and images reopened).
   */
  private watchCancel(jobId: string): void {
    const timer = setTimeout(() => {
      const stuck = [...this.pending.entries()].filter(([, p]) => p.jobId === jobId && p.op !== 'cancel');
      if (!stuck.length || !this.worker) return;
      for (const [id, p] of stuck) {
        this.pending.delete(id);
        p.reject(
          new StudioError('cancelled', `job ${jobId} (${p.op}) did not stop within ${this.cancelGraceMs / 1000} s of its cancel: the engine was restarted`),
        );
      }
      void this.worker.terminate();
    }, this.cancelGraceMs);
    timer.unref();
  }

  onProgress(cb: (p: JobProgress) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Test hook: kill the worker as a crash would. */
  async crashForTest(): Promise<void> {
    await this.worker?.terminate();
  }

  /**
   * Cancels what runs and waits (up to `graceMs`) for the worker's calls to
   * settle before terminating it: terminating a thread while onnxruntime runs
   * inside it aborts the whole process ("terminate called after throwing an
   * instance of 'Napi::Error'"). Jobs stop between batches, within milliseconds.
   */
  async close(graceMs = 3000): Promise<void> {
    this.closed = true;
    const w = this.worker;
    if (w && this.pending.size) {
      for (const jobId of new Set([...this.pending.values()].map((p) => p.jobId).filter(Boolean)))
        w.postMessage({ type: 'call', id: ++this.seq, op: 'cancel', arg: { jobId } } satisfies ToWorker);
      const until = Date.now() + graceMs;
      while (this.pending.size && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    }
    this.worker = null;
    await w?.terminate();
  }
}

/** `engine`: the interactive worker; `pool`: every worker (one worker does both jobs and the rest). */
export type EngineBackend = StudioBackend & { engine: WorkerEngine; pool: EnginePool; projects: ProjectStore };

/**
 * `projects`: the host's project store (default: in the data dir); its
 * operations run in this process, not the worker. `workers`: job workers
 * (pool.ts); with 2 or more, an interactive worker runs beside them, and with
 * 1 (the default here; hosts pass defaultJobWorkers()) one worker does both.
 * The pool can be resized later (the `jobWorkers` operation); `keepPreference`
 * (the app's hosts) keeps the new count for the next start.
 */
export async function startEngine(
  opts: { workerPath?: string; projects?: ProjectStore; workers?: number; keepPreference?: boolean } = {},
): Promise<EngineBackend> {
  const spec = opts.workerPath ? { path: opts.workerPath, execArgv: [] } : defaultWorker();
  const jobWorkers = Math.max(1, opts.workers ?? 1);
  const count = jobWorkers === 1 ? 1 : jobWorkers + 1;
  // Workers share the cores: onnxruntime inside each takes its share (model/onnx/ort-forward.ts), set as a worker starts.
  let share = jobWorkers;
  const spawn = (): WorkerEngine => new WorkerEngine({ ...spec, env: { ...process.env, SALIENCY_WORKERS: String(share) } });
  const engines = Array.from({ length: count }, spawn);
  // A resize (the Engine dialog) is kept for the next start (worker-pref.ts); new workers take the new core share.
  const onResize = (n: number): void => {
    share = n;
    void saveWorkerPref(n).catch((e: unknown) => console.warn(`could not keep the job-worker preference: ${(e as Error).message}`));
  };
  const pool = new EnginePool(engines, spawn, opts.keepPreference ? onResize : (n) => void (share = n));
  const engine = engines[0];
  const api = Object.fromEntries(ENGINE_OPS.map((op) => [op, (arg: unknown) => pool.call(op, arg)])) as unknown as StudioApi;
  const stores = hostStores({ projects: opts.projects });
  const projects = stores.projects as ProjectStore;
  return {
    ...api,
    ...hostOps(stores),
    projects,
    engine,
    pool,
    onProgress: (cb) => pool.onProgress(cb),
    close: () => pool.close(),
  };
}

// A pool of engine workers (issue 17): on the wasm backend tfjs runs one
// thread per worker, so one worker leaves every other core idle. Worker 0 is
// the interactive one: opens, predictions, the masking lab's scoring and every
// other call that is not a job run there, so they never wait behind a long
// job. Jobs go to an idle job worker (1…N), or wait for the first to free
// (job-slots.ts), so Compare-grid cells, several explains and CLI runs proceed
// side by side. Each worker is a
// WorkerEngine with its own crash recovery; models and images are opened in a
// job worker on demand (replaying the open request) and closed everywhere.
// Calls about a running job (cancel, class-model control) follow the job.
// A job whose method declares `parallel` starts, when job workers are idle, as
// replicas in all of them that split its passes (core/share.ts, share-groups.ts).
import { availableParallelism, freemem } from 'node:os';
import { StudioError } from '../api/errors';
import { opSpec } from '../api/spec';
import { validateRequest } from '../api/validate';
import type { ApiOp, JobProgress, JobWorkersInfo, MethodDescriptor } from '../api/types';
import { JobSlots } from './job-slots';
import { ShareGroups } from './share-groups';
import type { Items, ShareTag } from './share-wire';

/** What the pool needs of a worker's client (client.ts WorkerEngine). */
export interface EngineWorker {
  call(op: ApiOp, arg: unknown, share?: ShareTag): Promise<unknown>;
  onProgress(cb: (p: JobProgress) => void): () => void;
  close(): Promise<void>;
  /** Shared jobs: a replica's posted items, and the answer (client.ts). Workers without them never share. */
  onExchange?(cb: (m: { group: string; stage: number; index: number; items: Items }) => void): () => void;
  answerExchange?(group: string, stage: number, items: Items, ended?: boolean): void;
}

/** Fields that name open models and images (api/spec.ts `opens`); `imageIds` lists several. */
const ID_FIELDS = ['modelId', 'imageId'] as const;

/** Resident memory a worker needs beyond its models: tfjs, the wasm heap, one image. */
const WORKER_BYTES = 1.5 * 2 ** 30;

/**
 * Job workers by default: every core, at most what free memory holds, and 1
 * where the backend threads by itself (tfjs-node). SALIENCY_WORKERS or an
 * explicit `requested` wins (at least 1).
 */
export function defaultJobWorkers(requested?: number, env = process.env): number {
  const asked = requested ?? (env.SALIENCY_WORKERS ? Number(env.SALIENCY_WORKERS) : NaN);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  if (env.SALIENCY_BACKEND === 'tensorflow' || env.SALIENCY_BACKEND === 'tensorflow-gpu') return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(freemem() / WORKER_BYTES)));
}

export class EnginePool {
  /** Pool id → the open request, in open order. */
  private opens = new Map<string, { op: ApiOp; arg: unknown }>();
  /** Per worker: pool id → that worker's id, or the pending open. */
  private local: Map<string, Promise<string>>[];
  private slots: JobSlots;
  private jobs = new Map<string, number>();
  /** A shared job's id → its replicas' workers and job ids (beyond the first). */
  private replicas = new Map<string, [number, string][]>();
  private replicaIds = new Set<string>();
  private groups: ShareGroups;
  private parallel: Promise<Map<string, 'forward' | 'tfjs'>> | null = null;
  /** Models whose forward passes run on onnxruntime (their open reply says so). */
  private onOrt = new Set<string>();
  /**
   * When jobs are split across idle workers. 'auto': passes on tfjs always
   * (one thread per worker), forward passes only where they do not run on
   * onnxruntime, which already takes every core (bench-results/split.json:
   * splitting them made RISE 0.6× as fast on 2 cores). Tests use 'always'.
   */
  share: 'auto' | 'always' | 'never' = 'auto';

  private progress = new Set<(p: JobProgress) => void>();
  /** Workers beyond this count are retiring: they finish their jobs and are closed (resize). */
  private live: number;

  /**
   * `workers[0]` is the interactive worker; the rest run jobs (with one
   * worker, it does both). `spawn` makes a worker for resize().
   */
  constructor(
    readonly workers: EngineWorker[],
    private readonly spawn?: () => EngineWorker,
    /** Told the new count after a resize (the host keeps it as the next start's preference). */
    private readonly onResize?: (jobWorkers: number) => void,
  ) {
    if (!workers.length) throw new StudioError('internal', 'an engine pool needs a worker');
    this.local = [];
    this.live = workers.length;
    this.slots = new JobSlots(workers.length);
    this.groups = new ShareGroups({ answerExchange: (k, ...a) => this.workers[k]?.answerExchange?.(...a) });
    workers.forEach((w, k) => this.adopt(w, k));
  }

  private adopt(w: EngineWorker, k: number): void {
    this.local[k] = new Map();
    w.onExchange?.((m) => this.groups.posted(k, m));
    w.onProgress((p) => this.replicaIds.has(p.jobId) || this.progress.forEach((cb) => cb(p)));
  }

  /** Job workers now (1: the interactive worker runs jobs too). */
  jobWorkers(): number {
    return this.live === 1 ? 1 : this.live - 1;
  }

  /**
   * Changes the number of job workers (the UI's preference): new workers
   * open models and images on demand; removed ones finish their jobs first.
   */
  async resize(jobWorkers: number): Promise<void> {
    if (!this.spawn) throw new StudioError('unsupported', 'this engine cannot change its number of workers');
    const n = jobWorkers <= 1 ? 1 : jobWorkers + 1;
    for (let k = this.workers.length; k < n; k++) {
      const w = this.spawn();
      this.workers.push(w);
      this.adopt(w, k);
    }
    this.live = n;
    this.slots.resize(n);
    await this.retire();
  }

  /** Closes the retiring workers once they are idle (called again as jobs end). */
  private async retire(): Promise<void> {
    if (this.workers.length <= this.live || !this.slots.idleFrom(this.live)) return;
    const gone = this.workers.splice(this.live);
    this.local.length = this.live;
    this.slots.truncate(this.live);
    await Promise.all(gone.map((w) => w.close()));
  }

  /** Running jobs (and replicas) per worker, for tests and the engine's info. */
  load(): number[] {
    return [...this.slots.busy];
  }

  /** The ids `arg` names; one the pool never opened (or closed) is refused here, as a worker would. */
  private idsOf(arg: unknown): string[] {
    if (!arg || typeof arg !== 'object') return [];
    const a = arg as Record<string, unknown>;
    const named: [string, unknown][] = ID_FIELDS.map((k) => [k, a[k]]);
    if (Array.isArray(a.imageIds)) named.push(...a.imageIds.map((v): [string, unknown] => ['imageId', v]));
    const ids: string[] = [];
    for (const [field, v] of named) {
      if (typeof v !== 'string') continue;
      if (!this.opens.has(v))
        throw field === 'modelId' ? new StudioError('unknown-model', `no open model "${v}"`) : new StudioError('unknown-image', `no open image "${v}"`);
      ids.push(v);
    }
    return ids;
  }

  /**
   * Runs `op` on worker k with its own ids. A worker may have released an
   * image to stay within its memory budget: the pool reopens it there once.
   */
  private async run(k: number, op: ApiOp, arg: unknown, share?: ShareTag): Promise<unknown> {
    try {
      return await this.workers[k].call(op, await this.onWorker(k, arg), share);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (k === 0 || (code !== 'unknown-image' && code !== 'unknown-model')) throw e;
      for (const id of this.idsOf(arg)) this.local[k].delete(id);
      return this.workers[k].call(op, await this.onWorker(k, arg), share);
    }
  }

  /** The methods whose passes can be split (descriptor `parallel`), asked of worker 0 once. */
  private parallelMethods(): Promise<Map<string, 'forward' | 'tfjs'>> {
    this.parallel ??= (this.workers[0].call('methods', {}) as Promise<MethodDescriptor[]>).then(
      (list) => new Map(Array.isArray(list) ? list.flatMap((m) => (m.parallel ? [[m.id, m.parallel] as const] : [])) : []),
      () => new Map(),
    );
    return this.parallel;
  }

  /** Whether a job may be split across idle workers (OpSpec.splits, `share`), by workers that can exchange. */
  private async splittable(op: ApiOp, arg: unknown): Promise<boolean> {
    const { splits } = opSpec(op);
    if (this.share === 'never' || !splits || this.jobWorkers() < 2 || !this.workers.every((w) => w.onExchange)) return false;
    const a = (arg ?? {}) as Record<string, unknown>;
    const kind = typeof splits === 'function' ? splits(a) : typeof a.method === 'string' ? (await this.parallelMethods()).get(a.method) : undefined;
    if (!kind) return false;
    return this.share === 'always' || kind === 'tfjs' || !this.onOrt.has(a.modelId as string);
  }

  /** Runs a job as replicas on `team` (team[0] answers); the others stop when it ends. */
  private async runShared(team: number[], op: ApiOp, arg: unknown, jobId: string): Promise<unknown> {
    const size = team.length;
    const reps = team.slice(1).map((k, i): [number, string] => [k, `${jobId}~r${i + 1}`]);
    this.groups.open(jobId, team);
    this.replicas.set(jobId, reps);
    for (const [, id] of reps) this.replicaIds.add(id);
    for (const [i, [k, id]] of reps.entries()) {
      void this.run(k, op, { ...(arg as object), jobId: id }, { group: jobId, index: i + 1, size })
        .catch(() => this.groups.lost(jobId, i + 1))
        .finally(() => {
          this.slots.release(k);
          this.replicaIds.delete(id);
          void this.retire();
        });
    }
    try {
      return await this.run(team[0], op, arg, { group: jobId, index: 0, size });
    } finally {
      this.groups.end(jobId);
      this.replicas.delete(jobId);
      for (const [k, id] of reps) this.workers[k].call('cancel', { jobId: id }).catch(() => undefined);
    }
  }

  /** Opens in worker k what `arg` names and k lacks; returns arg with k's ids. */
  private async onWorker(k: number, arg: unknown): Promise<unknown> {
    // Worker 0 made every open: its ids are the pool's, and an unknown one gets its own error.
    if (k === 0) return arg;
    const ids = this.idsOf(arg);
    if (!ids.length) return arg;
    const map = new Map<string, string>();
    for (const id of ids) {
      let p = this.local[k].get(id);
      if (!p) {
        const o = this.opens.get(id)!;
        p = this.workers[k].call(o.op, o.arg).then((v) => (v as { id: string }).id);
        this.local[k].set(id, p);
        p.catch(() => this.local[k].delete(id));
      }
      map.set(id, await p);
    }
    const a = { ...(arg as Record<string, unknown>) };
    for (const f of ID_FIELDS) if (typeof a[f] === 'string' && map.has(a[f])) a[f] = map.get(a[f]);
    if (Array.isArray(a.imageIds)) a.imageIds = a.imageIds.map((v) => (typeof v === 'string' ? (map.get(v) ?? v) : v));
    return a;
  }

  async call(op: ApiOp, arg: unknown): Promise<unknown> {
    validateRequest(op, arg ?? {});
    const spec = opSpec(op);
    const jobId = (arg as { jobId?: unknown } | undefined)?.jobId;
    if (spec.opens) {
      const value = (await this.workers[0].call(op, arg)) as { id: string; forwardRuntime?: string };
      this.opens.set(value.id, { op, arg });
      if (value.forwardRuntime?.startsWith('onnxruntime')) this.onOrt.add(value.id);
      this.local[0].set(value.id, Promise.resolve(value.id));
      return value;
    }
    if (spec.closes) {
      const id = (arg as Record<string, string>)[spec.closes];
      const held = this.local.map((m, k) => [k, m.get(id)] as const).filter(([, p]) => p);
      this.opens.delete(id);
      this.onOrt.delete(id);
      for (const m of this.local) m.delete(id);
      // Not open anywhere: worker 0 gives the error it gives for any unknown id.
      if (!held.length) return this.workers[0].call(op, arg);
      const results = await Promise.allSettled(held.map(async ([k, p]) => this.workers[k].call(op, { ...(arg as object), [spec.closes!]: await p! })));
      const first = results[0];
      if (first.status === 'rejected') throw first.reason;
      return first.value;
    }
    if (spec.job && typeof jobId === 'string') {
      const team = await this.slots.acquire(jobId, await this.splittable(op, arg));
      const k = team[0];
      this.jobs.set(jobId, k);
      try {
        return await (team.length > 1 ? this.runShared(team, op, arg, jobId) : this.run(k, op, arg));
      } finally {
        this.slots.release(k);
        if (this.jobs.get(jobId) === k) this.jobs.delete(jobId);
        void this.retire();
      }
    }
    if (op === 'jobWorkers') {
      const count = (arg as { count?: number } | undefined)?.count;
      if (count != null) {
        await this.resize(count);
        this.onResize?.(count);
      }
      return { workers: this.jobWorkers(), default: defaultJobWorkers(undefined, {}), resizable: !!this.spawn } satisfies JobWorkersInfo;
    }
    if (op === 'info') return { ...((await this.workers[0].call(op, arg)) as object), workers: this.jobWorkers() };
    // About a running job (cancel, class-model control): where it runs, and its replicas.
    const k = typeof jobId === 'string' && this.jobs.has(jobId) ? this.jobs.get(jobId)! : 0;
    if (op === 'cancel' && typeof jobId === 'string') {
      this.slots.cancelWaiting(jobId);
      for (const [h, id] of this.replicas.get(jobId) ?? []) this.workers[h].call('cancel', { jobId: id }).catch(() => undefined);
    }
    return this.run(k, op, arg);
  }

  /** Every worker's progress, now and after a resize; replicas report their share, and the job's first replica speaks for it. */
  onProgress(cb: (p: JobProgress) => void): () => void {
    this.progress.add(cb);
    return () => this.progress.delete(cb);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

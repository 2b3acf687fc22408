// The store's side of the project codec worker (codec-worker.ts): started on
// the first save or open, it does the encoding, the writing, the reading and
// the decoding, so the host's thread only posts the snapshot and awaits. Large
// typed arrays are copied a slice at a time and moved (codec-wire.ts), so
// neither a huge snapshot nor a huge upload holds this thread for long, and
// the caller's arrays stay theirs. Idle, the worker never keeps the process
// alive, and after `idleMs` it ends, returning what a huge project made it hold.
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioError, type ErrorCode } from '../api/errors';
import type { DecodedProject } from '../shared/project/format';
import type { ParseJob, ProjectCodec, ReadJob, SaveJob } from './codec';
import { movableCopy, rebuildError, type CodecCall, type CodecReply } from './codec-wire';

/** From source (tsx, tests, the CLI's web host) through tsx; from the electron-vite build, the bundled entry beside the main bundle. */
export function defaultCodecWorker(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), here.endsWith('.ts') ? 'codec-worker-dev.mjs' : 'project-codec-worker.js');
}

type CallBody = CodecCall extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export class WorkerCodec implements ProjectCodec {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private seq = 0;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    readonly path: string = defaultCodecWorker(),
    private readonly idleMs = 60_000,
  ) {}

  /** Whether a worker is up (it ends after `idleMs` without a call). */
  get running(): boolean {
    return this.worker !== null;
  }

  async save(job: SaveJob): Promise<{ bytes: number }> {
    const { value: project, transfer } = await movableCopy(job.project);
    return this.call({ op: 'save', job: { ...job, project } }, transfer);
  }

  read(job: ReadJob): Promise<DecodedProject> {
    return this.call({ op: 'read', job }, []);
  }

  async parse(job: ParseJob): Promise<DecodedProject> {
    const { value: bytes, transfer } = await movableCopy(job.bytes);
    return this.call({ op: 'parse', job: { ...job, bytes } }, transfer);
  }

  /** Ends the worker now (a later call starts a new one); calls still under way fail. */
  async close(): Promise<void> {
    const w = this.stop();
    this.failAll(new StudioError('internal', 'the project store was closed while a project was being saved or opened'));
    await w?.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(this.path);
    w.on('message', (r: CodecReply) => this.settle(r));
    w.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.died(w, 'too-large', 'ran out of memory');
      else this.died(w, /MODULE_NOT_FOUND$/.test(e.code ?? '') ? 'no-build' : 'internal', `failed: ${e.message.split('\n')[0]}`);
    });
    w.on('exit', (code) => this.died(w, 'internal', `stopped (exit code ${code})`));
    return w;
  }

  private call<T>(body: CallBody, transfer: ArrayBuffer[]): Promise<T> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      let w: Worker;
      try {
        w = this.worker ??= this.spawn();
      } catch (e) {
        return reject(
          new StudioError('internal', `the project could not be saved or opened: its worker did not start (${(e as Error).message.split('\n')[0]})`),
        );
      }
      w.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        w.postMessage({ id, ...body }, transfer);
      } catch (e) {
        this.pending.delete(id);
        reject(new StudioError('bad-project', `the project cannot be sent to its worker: ${(e as Error).message.split('\n')[0]}`));
      }
    });
  }

  private settle(r: CodecReply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (r.ok) p.resolve(r.value);
    else p.reject(rebuildError(r.error));
    if (this.pending.size === 0 && this.worker) {
      this.worker.unref();
      this.idle = setTimeout(() => void this.stop()?.terminate(), this.idleMs).unref();
    }
  }

  /** Forgets the current worker (its exit is then not a failure) and returns it. */
  private stop(): Worker | null {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    return w;
  }

  private died(w: Worker, code: ErrorCode, why: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.failAll(new StudioError(code, `the project could not be saved or opened: its worker ${why}`));
  }

  private failAll(e: StudioError): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

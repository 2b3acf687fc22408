// Who owns what on the loopback host. A page is a session (a random key it
// sends when it connects, kept across reconnects); its job ids are its own —
// scoped to the session before they reach the engine, so two pages that pick
// the same id never see each other's progress or cancel each other's jobs —
// and the models and images it opened are released when its last socket has
// been gone for `releaseAfterMs` (a reconnect within that time keeps them).
import { randomBytes } from 'node:crypto';
import { StudioError } from '../api/errors';
import { opSpec } from '../api/spec';
import type { ApiOp, JobProgress, StudioBackend } from '../api/types';
import { callOp, jobIdOf } from './ops';

export interface Session {
  readonly key: string;
  /** Client job id → the engine's (scoped) id and the socket to report to. */
  readonly jobs: Map<string, { internal: string; socket: object }>;
  readonly models: Set<string>;
  readonly images: Set<string>;
  readonly sockets: Set<object>;
  timer: NodeJS.Timeout | null;
}

const SESSION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export class Sessions {
  private sessions = new Map<string, Session>();
  /** Engine job id → where its progress goes, under the client's own id. */
  private routes = new Map<string, { socket: object; clientId: string }>();

  constructor(
    private readonly backend: StudioBackend,
    private readonly releaseAfterMs = 30_000,
  ) {}

  /** The session a new socket joins: the page's own key when well-formed, else one of its own. */
  attach(socket: object, requestedKey: string | null): Session {
    const key = requestedKey && SESSION_KEY.test(requestedKey) ? requestedKey : randomBytes(16).toString('hex');
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, jobs: new Map(), models: new Set(), images: new Set(), sockets: new Set(), timer: null };
      this.sessions.set(key, s);
    }
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.sockets.add(socket);
    return s;
  }

  /** A socket went: its jobs are cancelled (nobody can see their results); the session's resources wait for a reconnect. */
  detach(s: Session, socket: object): void {
    s.sockets.delete(socket);
    for (const [clientId, job] of s.jobs) {
      if (job.socket !== socket) continue;
      s.jobs.delete(clientId);
      this.routes.delete(job.internal);
      callOp(this.backend, 'cancel', { jobId: job.internal }).catch(() => undefined);
    }
    if (s.sockets.size > 0) return;
    s.timer = setTimeout(() => void this.release(s), this.releaseAfterMs);
    s.timer.unref();
  }

  /** Closes what the session opened and forgets it. */
  async release(s: Session): Promise<void> {
    if (s.sockets.size > 0 || this.sessions.get(s.key) !== s) return;
    this.sessions.delete(s.key);
    const closes = [...[...s.models].map((id) => this.close('modelId', id)), ...[...s.images].map((id) => this.close('imageId', id))];
    s.models.clear();
    s.images.clear();
    await Promise.allSettled(closes);
  }

  /** Where an engine progress event goes, relabelled with the client's job id. */
  route(p: JobProgress): { socket: object; progress: JobProgress } | null {
    const r = this.routes.get(p.jobId);
    return r ? { socket: r.socket, progress: { ...p, jobId: r.clientId } } : null;
  }

  /** Runs one validated-op call for a session's socket, with ids scoped both ways. */
  async call(s: Session, socket: object, op: ApiOp, arg: unknown): Promise<unknown> {
    const a = arg && typeof arg === 'object' && !Array.isArray(arg) ? (arg as Record<string, unknown>) : null;
    if (op === 'cancel') {
      const job = typeof a?.jobId === 'string' ? s.jobs.get(a.jobId) : undefined;
      // Another page's job, or none: nothing of ours to cancel.
      if (!job) return { cancelled: false };
      return callOp(this.backend, op, { ...a, jobId: job.internal });
    }
    const spec = opSpec(op);
    if (spec.run && a && typeof a.runId === 'string') {
      const job = s.jobs.get(a.runId);
      if (!job) throw new StudioError('unknown-run', `no live class-model run "${a.runId.slice(0, 64)}"`);
      return callOp(this.backend, op, { ...a, runId: job.internal });
    }
    if (spec.closes) {
      const owned = spec.closes === 'modelId' ? s.models : s.images;
      const id = a?.[spec.closes];
      if (typeof id !== 'string' || !owned.has(id)) return { closed: false };
      owned.delete(id);
      return callOp(this.backend, op, a);
    }
    const clientId = jobIdOf(op, a);
    if (!clientId) {
      const value = await callOp(this.backend, op, arg);
      if (spec.opens) this.own(s, spec.opens, value);
      return value;
    }
    if (s.jobs.has(clientId))
      throw new StudioError('duplicate-job', `a job "${clientId.slice(0, 64)}" of this page is already running; job ids must be unique`);
    const internal = `${s.key}:${clientId}`;
    s.jobs.set(clientId, { internal, socket });
    this.routes.set(internal, { socket, clientId });
    try {
      const value = await callOp(this.backend, op, { ...a, jobId: internal });
      // Results that echo their job id echo the client's.
      if (value && typeof value === 'object' && (value as { jobId?: unknown }).jobId === internal) return { ...value, jobId: clientId };
      return value;
    } finally {
      if (s.jobs.get(clientId)?.internal === internal) s.jobs.delete(clientId);
      this.routes.delete(internal);
    }
  }

  private own(s: Session, field: 'modelId' | 'imageId', value: unknown): void {
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    // The page left while its open ran: release at once, or nothing ever would.
    if (this.sessions.get(s.key) !== s) {
      void this.close(field, id);
      return;
    }
    (field === 'modelId' ? s.models : s.images).add(id);
  }

  private close(field: 'modelId' | 'imageId', id: string): Promise<unknown> {
    return callOp(this.backend, field === 'modelId' ? 'closeModel' : 'closeImage', { [field]: id }).catch(() => undefined);
  }

  clear(): void {
    for (const s of this.sessions.values()) if (s.timer) clearTimeout(s.timer);
    this.sessions.clear();
    this.routes.clear();
  }
}

// The engine's running jobs: one wrapper owns a job's life — a unique id (a
// duplicate is refused, so progress and cancels can never reach the wrong
// job), its cancel token, its tensors (withJobTensors) and the check that it
// left none behind.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { CancelToken, withJobTensors } from '../core/jobs';

export class JobTable {
  private jobs = new Map<string, CancelToken>();
  private started = 0;
  private idle: (() => void)[] = [];

  get size(): number {
    return this.jobs.size;
  }

  async run<T>(jobId: string, what: string, fn: (token: CancelToken) => Promise<T>): Promise<T> {
    if (this.jobs.has(jobId)) throw new StudioError('duplicate-job', `a job "${jobId}" is already running; job ids must be unique`);
    const token = new CancelToken();
    // The tensor count only says what this job left when no other job ran meanwhile.
    const alone = this.jobs.size === 0;
    const gen = ++this.started;
    this.jobs.set(jobId, token);
    const before = tf.memory().numTensors;
    try {
      return await withJobTensors(() => fn(token));
    } finally {
      this.jobs.delete(jobId);
      if (this.jobs.size === 0) for (const r of this.idle.splice(0)) r();
      const leaked = tf.memory().numTensors - before;
      if (leaked > 0 && alone && gen === this.started) console.warn(`engine: job ${jobId} (${what}) left ${leaked} tensors`);
    }
  }

  /** Cancels a running job; false when none has that id. */
  cancel(jobId: string): boolean {
    const t = this.jobs.get(jobId);
    t?.cancel();
    return !!t;
  }

  /** Resolves once no job runs (e.g. to dispose a closed model no job still holds). */
  whenIdle(): Promise<void> {
    return this.jobs.size === 0 ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }
}

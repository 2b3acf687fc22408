// Which job worker runs which job (pool.ts). A job starts only on an idle job
// worker; while none is, it waits here, not in one worker's lane, so it goes
// to whichever worker frees first. A job whose method is parallel takes every
// idle job worker (its replicas split the passes: core/share.ts). Since a
// group only ever forms from idle workers, no two groups wait on each other.
import { StudioError } from '../api/errors';

interface Waiting {
  jobId: string;
  parallel: boolean;
  resolve(team: number[]): void;
  reject(e: unknown): void;
}

export class JobSlots {
  /** Jobs (or replicas) running per worker; index 0 is the interactive worker, never given a job. */
  readonly busy: number[];
  private queue: Waiting[] = [];

  /** `workers` counts the interactive worker; with a single worker, it runs the jobs too. */
  constructor(private workers: number) {
    this.busy = new Array<number>(workers).fill(0);
  }

  /** Workers 0…n−1 take jobs from now on; those beyond finish what they run (pool.ts retires them). */
  resize(n: number): void {
    while (this.busy.length < n) this.busy.push(0);
    this.workers = n;
    this.pump();
  }

  /** Whether every worker from `n` on is idle (and so may be closed). */
  idleFrom(n: number): boolean {
    return this.busy.slice(n).every((b) => b === 0);
  }

  /** Forgets workers from `n` on (closed). */
  truncate(n: number): void {
    this.busy.length = Math.min(this.busy.length, n);
  }

  private idle(): number[] {
    const first = this.workers === 1 ? 0 : 1;
    const out: number[] = [];
    for (let k = first; k < this.workers; k++) if (this.busy[k] === 0) out.push(k);
    return out;
  }

  /** The workers job `jobId` runs on, marked busy: at once if one is idle, else when one frees. */
  acquire(jobId: string, parallel: boolean): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ jobId, parallel, resolve, reject });
      this.pump();
    });
  }

  release(k: number): void {
    this.busy[k]--;
    this.pump();
  }

  /** A job still waiting leaves the queue, rejected as cancelled; false if it was not waiting. */
  cancelWaiting(jobId: string): boolean {
    const at = this.queue.findIndex((w) => w.jobId === jobId);
    if (at < 0) return false;
    this.queue.splice(at, 1)[0].reject(new StudioError('cancelled', 'the job was cancelled while it waited for an engine worker'));
    return true;
  }

  private pump(): void {
    for (let idle = this.idle(); this.queue.length && idle.length; idle = this.idle()) {
      const next = this.queue.shift()!;
      const team = next.parallel ? idle : idle.slice(0, 1);
      for (const k of team) this.busy[k]++;
      next.resolve(team);
    }
  }
}

// Every engine job the renderer starts goes through runJob: it names the job
// (an id unique to this page), listens to the host's progress stream for that
// id only while the job runs, and cancels it by that id. A cancelled job
// rejects with code 'cancelled' (src-main/engine/jobs.ts); isCancelled asks
// that code and nothing else, since messages are for people and may change.
import type { JobProgress } from '../../../src-main/api/types';
import { errorCode, type Host } from '../host/Host';

export interface Job<R> {
  readonly id: string;
  /** Settles with the engine's reply; rejects with code 'cancelled' after a cancel took effect. */
  readonly result: Promise<R>;
  /** Asks the engine to stop this job (no-op once it ended). Rejects only when the request itself failed. */
  cancel(): Promise<void>;
  readonly cancelRequested: boolean;
  readonly ended: boolean;
}

export interface RunOptions {
  /** Progress events of this job only, until it ends. */
  onProgress?(p: JobProgress): void;
  /** The job's id; by default the next page-unique one. */
  id?: string;
}

// The engine keeps one table of jobs for every page it serves: a random page
// prefix keeps ids apart across pages, the counter within one.
const PAGE = Math.random().toString(36).slice(2, 10);
let counter = 0;

export function nextJobId(): string {
  return `job-${PAGE}-${++counter}`;
}

export function isCancelled(err: unknown): boolean {
  return errorCode(err) === 'cancelled';
}

export function runJob<R>(host: Host, start: (jobId: string) => Promise<R>, opts: RunOptions = {}): Job<R> {
  const id = opts.id ?? nextJobId();
  let cancelRequested = false;
  let ended = false;
  const onProgress = opts.onProgress;
  // Subscribed before the call: the first progress event may beat the reply's promise.
  const off = onProgress ? host.onProgress((p) => !ended && p.jobId === id && onProgress(p)) : () => undefined;
  const end = () => {
    ended = true;
    off();
  };
  let result: Promise<R>;
  try {
    result = start(id);
  } catch (err) {
    result = Promise.reject(err);
  }
  result = result.then(
    (r) => (end(), r),
    (e: unknown) => (end(), Promise.reject(e)),
  );
  return {
    id,
    result,
    get cancelRequested() {
      return cancelRequested;
    },
    get ended() {
      return ended;
    },
    async cancel() {
      if (ended || cancelRequested) return;
      cancelRequested = true;
      await host.api.cancel({ jobId: id });
    },
  };
}

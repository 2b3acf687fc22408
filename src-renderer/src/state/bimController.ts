// The BIM benchmark's state and intents: run it as an engine job with
// progress, cancel it, keep the last result or error.
import type { BimRequest, BimResult } from '../../../src-main/api/bim-types';
import type { JobProgress } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { isCancelled, nextJobId, runJob, type Job } from './runJob';
import { createStore, type Store } from './store';

export interface BimView {
  /** The running job, if any (progress is shown from its start). */
  jobId: string | null;
  progress: JobProgress | null;
  result: BimResult | null;
  error: string | null;
}

export const initialBim: BimView = { jobId: null, progress: null, result: null, error: null };

export const bimActions = {
  started: (s: BimView, jobId: string): BimView => ({ ...s, jobId, error: null, progress: { jobId, done: 0, total: 1, message: 'starting' } }),
  progressed: (s: BimView, p: JobProgress): BimView => (p.jobId === s.jobId ? { ...s, progress: p } : s),
  done: (s: BimView, jobId: string, result: BimResult): BimView => (jobId === s.jobId ? { ...s, jobId: null, progress: null, result } : s),
  failed: (s: BimView, jobId: string, error: string): BimView => (jobId === s.jobId ? { ...s, jobId: null, progress: null, error } : s),
};

export interface BimController {
  readonly store: Store<BimView>;
  run(req: Omit<BimRequest, 'jobId'>): Promise<void>;
  cancel(): void;
}

export function createBimController(host: Host, newJobId: () => string = nextJobId): BimController {
  const store = createStore(initialBim);
  let running: Job<BimResult> | null = null;
  return {
    store,
    async run(req) {
      const id = newJobId();
      store.set(bimActions.started, id);
      const job = runJob(host, (jobId) => host.api.bim({ ...req, jobId }), { id, onProgress: (p) => store.set(bimActions.progressed, p) });
      running = job;
      try {
        store.set(bimActions.done, id, await job.result);
      } catch (e) {
        store.set(bimActions.failed, id, isCancelled(e) ? 'Cancelled.' : `BIM benchmark failed: ${errorMessage(e)}`);
      } finally {
        if (running === job) running = null;
      }
    },
    cancel() {
      // As before: a failed cancel request leaves the job running and says nothing.
      void running?.cancel().catch(() => undefined);
    },
  };
}

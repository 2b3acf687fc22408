// The BIM benchmark view's intents: run it through the host (a job with
// progress), cancel it, keep the last result.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BimRequest, BimResult } from '../../../src-main/api/bim-types';
import type { JobProgress } from '../../../src-main/api/types';
import { errorCode, errorMessage, type Host } from '../host';
import { defaultJobId } from './controller';

export function useBim(host: Host) {
  const [result, setResult] = useState<BimResult | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useRef<string | null>(null);

  useEffect(() => host.onProgress((p) => p.jobId === job.current && setProgress(p)), [host]);

  const run = useCallback(
    async (req: Omit<BimRequest, 'jobId'>) => {
      const jobId = defaultJobId();
      job.current = jobId;
      setError(null);
      setProgress({ jobId, done: 0, total: 1, message: 'starting' });
      try {
        const r = await host.api.bim({ ...req, jobId });
        if (job.current === jobId) setResult(r);
      } catch (e) {
        if (job.current === jobId) setError(errorCode(e) === 'cancelled' ? 'Cancelled.' : `BIM benchmark failed: ${errorMessage(e)}`);
      } finally {
        if (job.current === jobId) {
          job.current = null;
          setProgress(null);
        }
      }
    },
    [host],
  );

  const cancel = useCallback(() => {
    if (job.current) void host.api.cancel({ jobId: job.current });
  }, [host]);

  return { result, progress, error, busy: progress != null, run, cancel };
}

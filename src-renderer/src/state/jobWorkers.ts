// The Engine dialog's job-worker preference (issue 17): the engine's count,
// and a new one applied at once and kept for the next start (engine/pool.ts
// resize, engine/worker-pref.ts). The only caller of the host's jobWorkers.
import { StudioError } from '../../../src-main/api/errors';
import type { JobWorkersInfo } from '../../../src-main/api/types';
import type { Host } from '../host';

export const readJobWorkers = (host: Host): Promise<JobWorkersInfo> => host.api.jobWorkers({});

export async function setJobWorkers(host: Host, count: number): Promise<JobWorkersInfo> {
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new StudioError('bad-request', 'job workers must be a whole number from 1 to 64');
  return host.api.jobWorkers({ count });
}

/** What the field says beside the number. */
export function jobWorkersNote(info: JobWorkersInfo): string {
  if (!info.resizable) return 'this engine runs in one process';
  const dflt = `the default here is ${info.default} (cores within free memory)`;
  return info.workers > 1
    ? `${info.workers} job workers beside the interactive one; one method's passes split across idle workers; ${dflt}`
    : `one worker runs jobs and everything else; ${dflt}`;
}

// Whether the single view's map is out of date, and what the canvas says
// about it: a job is computing its successor, or it was computed on another
// model or image than the ones open now.
import { fromCaption, isCurrent } from './provenance';
import type { StudioState } from './types';

export interface Staleness {
  kind: 'computing' | 'source';
  label: string;
}

export const COMPUTING_LABEL = 'out of date — computing…';

export function resultStaleness(s: Pick<StudioState, 'result' | 'resultFrom' | 'job' | 'model' | 'image'>): Staleness | null {
  if (!s.result) return null;
  // A restored or older result has no matching record: nothing says it is from elsewhere.
  const from = s.resultFrom?.jobId === s.result.jobId ? s.resultFrom : null;
  if (from && !isCurrent(from, s.model, s.image)) return { kind: 'source', label: `out of date — ${fromCaption(from)}` };
  if (s.job) return { kind: 'computing', label: COMPUTING_LABEL };
  return null;
}

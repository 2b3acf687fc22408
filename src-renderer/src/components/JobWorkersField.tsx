// The number of engine job workers, in the Engine dialog: applied at once
// (new workers open the model and image when a job needs them; removed ones
// finish their jobs first) and kept for the next start.
import { useEffect, useState } from 'react';
import type { JobWorkersInfo } from '../../../src-main/api/types';
import { useHost } from '../context';
import { jobWorkersNote, readJobWorkers, setJobWorkers } from '../state/jobWorkers';

export function JobWorkersField() {
  const host = useHost();
  const [info, setInfo] = useState<JobWorkersInfo | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void readJobWorkers(host).then(
      (i) => (setInfo(i), setDraft(String(i.workers))),
      (e: unknown) => setError((e as Error).message),
    );
  }, [host]);
  if (!info) return error ? <p className="muted">Job workers: {error}</p> : null;
  const apply = () => {
    setError(null);
    setJobWorkers(host, Number(draft)).then(
      (i) => (setInfo(i), setDraft(String(i.workers))),
      (e: unknown) => setError((e as Error).message),
    );
  };
  return (
    <div className="job-workers" data-testid="job-workers">
      <label>
        Job workers{' '}
        <input
          type="number"
          min={1}
          max={64}
          step={1}
          value={draft}
          disabled={!info.resizable}
          onChange={(e) => setDraft(e.target.value)}
          aria-label="Job workers"
        />
      </label>{' '}
      <button type="button" disabled={!info.resizable || draft === String(info.workers)} onClick={apply}>
        Apply
      </button>
      {/* The dialog sizes to its widest line: the note wraps at a reading width instead. */}
      <p className="muted" style={{ whiteSpace: 'normal', maxWidth: '60ch' }}>
        {jobWorkersNote(info)}
      </p>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}

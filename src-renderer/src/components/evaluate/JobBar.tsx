// The running job of the Evaluate view: a progress bar, its message, Cancel.
import type { EvaluateView, RunKind } from '../../state/evaluate';
import { progressFraction, progressLabel } from '../../state/evaluate';

const NAMES = { evaluate: 'Evaluation', sanity: 'Sanity check', tcav: 'TCAV' } as const;

export function JobBar({ job, kind, onCancel }: { job: EvaluateView['job']; kind: RunKind; onCancel(): void }) {
  if (!job || job.kind !== kind) return null;
  const f = progressFraction(job.progress);
  return (
    <div className="job" role="status" aria-live="polite">
      <progress aria-label={`${NAMES[kind]} progress`} data-testid={`${kind}-progress`} {...(f != null ? { value: f, max: 1 } : {})} />
      <span className="muted">
        {progressLabel(job.progress)}
        {job.progress?.message ? ` · ${job.progress.message}` : ''}
      </span>
      <button type="button" onClick={onCancel} disabled={job.cancelling}>
        {job.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}

// The running job where the user is looking: over the viewer, the method, a
// progress bar, done / total, elapsed time and an ETA from the progress rate
// (state/eta.ts), and Cancel. After a cancel: what was cancelled, at what
// progress, and which method's map is on screen.
import { useEffect, useState } from 'react';
import { useController, useStudio, useStudioState } from '../context';
import { etaMs, etaText, formatDuration } from '../state/eta';
import { cancelledDismissed } from '../state/jobMeter';
import { useStore } from '../state/store';
import { cancelledText, methodLabel, shownText, startingText } from './jobText';
import './CanvasProgress.css';

/** Re-renders every `ms` while `on`, for the elapsed time and the ETA between progress events. */
function useNow(on: boolean, ms = 500): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(performance.now()), ms);
    return () => clearInterval(t);
  }, [on, ms]);
  return now;
}

export function CanvasProgress() {
  const { meter } = useStudio();
  const job = useStudioState((s) => s.job);
  const methods = useStudioState((s) => s.methods);
  const run = useStore(meter, (m) => m.run);
  const cancelled = useStore(meter, (m) => m.cancelled);
  const controller = useController();
  const now = useNow(job !== null);

  if (job) {
    const label = methodLabel(methods, job.method);
    const p = job.progress;
    const determinate = p !== null && p.total > 0;
    const mine = run?.jobId === job.jobId ? run : null;
    const clock = Math.max(now, mine?.samples.at(-1)?.t ?? 0);
    const elapsed = mine ? clock - mine.startedAt : 0;
    const eta = mine ? etaMs(mine.samples, clock, mine.startedAt, mine.estimateMs) : null;
    return (
      <div className="canvas-progress" role="status" aria-live="polite" data-testid="canvas-progress" data-eta-ms={eta === null ? '' : Math.round(eta)}>
        <div className="cp-head">
          <strong>{label}</strong>
          <span className="cp-what">{job.cancelRequested ? 'cancelling…' : determinate ? (p.message ?? `${p.done} / ${p.total}`) : startingText(label)}</span>
        </div>
        <progress aria-label={`${label} progress`} {...(determinate ? { value: p.done, max: p.total } : {})} />
        <div className="cp-foot">
          <span data-testid="canvas-progress-count">{determinate ? `${p.done} / ${p.total}` : '…'}</span>
          <span>{formatDuration(elapsed)} elapsed</span>
          <span data-testid="canvas-progress-eta">{etaText(eta)}</span>
          {mine?.estimateMs != null && <span className="muted-on-dark">estimate ~{formatDuration(mine.estimateMs)}</span>}
          <button type="button" aria-label={`Cancel ${label}`} disabled={job.cancelRequested} onClick={() => void controller.cancel()}>
            {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      </div>
    );
  }
  if (!cancelled) return null;
  return (
    <div className="canvas-progress cancelled" role="status" data-testid="canvas-cancelled">
      <span>
        <strong>{cancelledText(cancelled, methods)}</strong> · {shownText(cancelled.shownMethod, methods)}
      </span>
      <button type="button" aria-label="Dismiss the cancel note" onClick={() => meter.set(cancelledDismissed)}>
        ×
      </button>
    </div>
  );
}

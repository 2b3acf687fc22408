// Progress of the running job, then a summary of the shown result.
import { useStudio, useStudioState } from '../context';
import { useStore } from '../state/store';
import { cancelledText, methodLabel, shownText, startingText } from './jobText';

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e3 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(3));

export function JobStatus() {
  const job = useStudioState((s) => s.job);
  const result = useStudioState((s) => s.result);
  const methods = useStudioState((s) => s.methods);
  const cancelled = useStore(useStudio().meter, (m) => m.cancelled);
  if (job) {
    const p = job.progress;
    const determinate = p !== null && p.total > 0;
    return (
      <div className="job" role="status" aria-live="polite">
        <progress aria-label="Explanation progress" data-testid="explain-progress" {...(determinate ? { value: p.done, max: p.total } : {})} />
        <span className="muted">
          {determinate ? `${p.done} / ${p.total}` : startingText(methodLabel(methods, job.method))}
          {p?.message ? ` · ${p.message}` : ''}
        </span>
      </div>
    );
  }
  const note = cancelled && (
    <p className="hint long-job-note" role="status" data-testid="explain-cancelled">
      {cancelledText(cancelled, methods)} · {shownText(cancelled.shownMethod, methods)}
    </p>
  );
  if (!result) return note || null;
  const label = methods.find((m) => m.id === result.method)?.label ?? result.method;
  return (
    <>
      {note}
      <p className="hint muted" data-testid="explain-summary">
        {label} for <strong>{result.target.label}</strong> (#{result.target.index}) · {result.shape[1]}×{result.shape[0]} · range {fmt(result.min)}…
        {fmt(result.max)} · {result.ms.toFixed(0)} ms
      </p>
    </>
  );
}

import { useState } from 'react';
import { useDispatch, useStudioState } from '../context';
import { display } from '../state/actions';

/**
 * Failed calls as one banner over the frame: the newest, a count of the
 * others (click to list them all), × to dismiss one, "Dismiss all".
 * Dismissing one keeps everything else as it was.
 */
export function ErrorBanner() {
  const errors = useStudioState((s) => s.errors);
  const dispatch = useDispatch();
  const [expanded, setExpanded] = useState(false);
  if (errors.length === 0) return null;
  const shown = expanded ? errors : errors.slice(-1);
  const others = errors.length - 1;
  return (
    <div className="errors" data-testid="errors" data-count={errors.length}>
      {shown.map((e) => (
        <div key={e.id} className="error-banner" role="alert">
          <span className="error-text">{e.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss error" onClick={() => dispatch(display.errorDismissed, e.id)}>
            ×
          </button>
        </div>
      ))}
      {others > 0 && (
        <div className="error-banner error-more">
          <button type="button" className="link-button error-count" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show only the latest' : `+ ${others} earlier error${others > 1 ? 's' : ''}`}
          </button>
          <span className="error-text" />
          <button type="button" className="link-button" onClick={() => errors.forEach((e) => dispatch(display.errorDismissed, e.id))}>
            Dismiss all
          </button>
        </div>
      )}
    </div>
  );
}

import { useDispatch, useStudioState } from '../context';
import { display } from '../state/actions';

/** Failed calls, newest last; dismissing one keeps everything else as it was. */
export function ErrorBanner() {
  const errors = useStudioState((s) => s.errors);
  const dispatch = useDispatch();
  if (errors.length === 0) return null;
  return (
    <div className="errors">
      {errors.map((e) => (
        <div key={e.id} className="error-banner" role="alert">
          <span className="error-text">{e.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss error" onClick={() => dispatch(display.errorDismissed, e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

// The header's one-word engine badge (the backend in use) and the dialog it
// opens with the engine's details. Esc, the close button or a click outside
// closes it; focus goes back to the badge.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useStudioState } from '../context';
import { EngineDetails } from './EnginePanel';
import { JobWorkersField } from './JobWorkersField';
import { ladderTitle } from './engineText';

export function EngineBadge() {
  const engine = useStudioState((s) => s.engine);
  const [open, setOpen] = useState(false);
  const badge = useRef<HTMLButtonElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (!open) return;
    close.current?.focus();
    const back = badge.current;
    return () => back?.focus();
  }, [open]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys stay inside the dialog: no studio shortcut fires while it is open.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
    }
  };
  return (
    <>
      <button
        ref={badge}
        type="button"
        className={`badge ${engine ? `backend-${engine.backend}` : 'backend-none'}`}
        title={engine ? `${ladderTitle(engine)}\n(click for the engine details)` : 'Connecting to the engine…'}
        aria-label={engine ? `Engine backend ${engine.backend}` : 'Engine not connected'}
        aria-haspopup="dialog"
        data-testid="backend-badge"
        onClick={() => setOpen(true)}
      >
        {engine ? engine.backend : '…'}
      </button>
      {open && (
        <div className="help-veil" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
          <div
            className="help-dialog engine-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby={titleId}
            data-testid="engine-dialog"
            onKeyDown={onKeyDown}
          >
            <h2 id={titleId}>Engine</h2>
            <EngineDetails engine={engine} />
            <JobWorkersField />
            <div className="button-row">
              <button ref={close} type="button" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

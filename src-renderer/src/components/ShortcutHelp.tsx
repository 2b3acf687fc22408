// The list of keyboard shortcuts, read from the registry. A modal dialog:
// focus moves in and is trapped (Tab cycles), Esc or ? closes it, and focus
// returns to where it was.
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { keyLabel, shortcutGroups } from '../tools/shortcuts';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => before?.focus();
  }, [open]);

  if (!open) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys stay inside the dialog: no other shortcut fires while it is open.
    e.stopPropagation();
    if (e.key === 'Escape' || e.key === '?') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = Array.from(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="help-veil" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialog} className="help-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="shortcut-help" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Keyboard shortcuts</h2>
        {shortcutGroups().map(([scope, list]) => (
          <section key={scope} aria-label={scope}>
            <h3>{scope}</h3>
            <dl>
              {list.map((s) => (
                <div key={s.id} style={{ display: 'contents' }} data-shortcut={s.id}>
                  <dt>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{keyLabel(k)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p className="hint muted">Right-drag on the image: window/level (left–right width, up–down level).</p>
        <div className="button-row">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

// The inputs rail (model, image, preprocessing, window): one scrolling column
// that folds to a thin strip so the viewer can take its width. The choice
// survives a reload.
import { useId, useState, type ReactNode } from 'react';

const KEY = 'saliency-studio.rail';

function initiallyOpen(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'closed';
  } catch {
    return true;
  }
}

export function Rail({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  const body = useId();
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(KEY, open ? 'closed' : 'open');
    } catch {
      // A private window without storage: the rail still folds, only for this session.
    }
  };
  return (
    <aside className={`rail${open ? '' : ' collapsed'}`} aria-label="Model and image" data-testid="rail">
      <button
        type="button"
        className="rail-toggle"
        aria-expanded={open}
        aria-controls={body}
        title={open ? 'Hide the inputs' : 'Show the inputs (model, image, preprocessing)'}
        onClick={toggle}
      >
        <span aria-hidden="true">{open ? '‹' : '›'}</span>
        <span className={open ? '' : 'visually-hidden'}>{open ? 'Inputs' : 'Show inputs'}</span>
      </button>
      <div id={body} className="rail-body" hidden={!open}>
        {children}
      </div>
    </aside>
  );
}

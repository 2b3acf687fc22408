// The column beside the viewer: the active tool's controls and results, the
// Explain form and its summary first, then the top classes, then the studies.
// It scrolls on its own; the viewer never moves.
import type { ReactNode } from 'react';

export function Inspector({ children }: { children: ReactNode }) {
  return (
    <aside className="inspector" aria-label="Prediction and explanation" data-testid="inspector">
      {children}
    </aside>
  );
}

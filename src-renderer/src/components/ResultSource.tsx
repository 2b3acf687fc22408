// The caption over a study result (Evaluate, Class model): the model and image
// it was computed on, and "Out of date" with the result dimmed when those are
// no longer the open ones.
import type { ReactNode } from 'react';
import { useStudioState } from '../context';
import { isCurrent, sourceNote, type Provenance } from '../state/provenance';

export function ResultSource({ from, testId, children }: { from: Provenance | null | undefined; testId: string; children: ReactNode }) {
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  if (!from) return <>{children}</>;
  const stale = !isCurrent(from, model, image);
  return (
    <div className={`result-source${stale ? ' stale' : ''}`} data-testid={testId} data-stale={String(stale)}>
      <p className="result-source-note" role="note">
        {sourceNote(from, model, image)}
      </p>
      <div className="result-source-body">{children}</div>
    </div>
  );
}

// The trust card of the map on screen (issue 19 item 7): "Check this map"
// re-runs its method ~14 times in the engine (trustCard) for sparseness,
// max-sensitivity, the random-logit test and ADCC against Fake-CAM, and shows
// one reading per check. The card names the map it was computed for: when a
// new map replaces it, the card is kept but marked stale.
import { useRef, useState } from 'react';
import type { JobProgress, TrustCardResult } from '../../../src-main/api/types';
import { useHost, useStudioState } from '../context';
import { errorMessage } from '../host';
import { provenanceOf, type Provenance } from '../state/provenance';
import { isCancelled, runJob, type Job } from '../state/runJob';
import { Panel } from './Panel';
import { ResultSource } from './ResultSource';

interface Card {
  result: TrustCardResult;
  /** The explain job whose map the card checks. */
  forJob: string;
  from: Provenance;
}

export function TrustCardPanel() {
  const host = useHost();
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const result = useStudioState((s) => s.result);
  const resultFrom = useStudioState((s) => s.resultFrom);
  const layer = useStudioState((s) => s.layer);
  const params = useStudioState((s) => s.params);
  const [card, setCard] = useState<Card | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useRef<Job<TrustCardResult> | null>(null);
  if (!model) return null;
  const running = progress != null;

  async function check(): Promise<void> {
    if (!result || !resultFrom || !model || !image || job.current) return;
    const forJob = resultFrom.jobId;
    const req = { modelId: model.id, imageId: image.id, method: result.method, target: result.target.index, layer, params };
    setError(null);
    setProgress({ jobId: '', done: 0, total: 1 });
    const j = runJob(host, (jobId) => host.api.trustCard({ jobId, ...req }), { onProgress: setProgress });
    job.current = j;
    try {
      setCard({ result: await j.result, forJob, from: provenanceOf(model, image) });
    } catch (e) {
      if (!isCancelled(e)) setError(errorMessage(e));
    } finally {
      job.current = null;
      setProgress(null);
    }
  }

  const stale = card != null && card.forJob !== resultFrom?.jobId;
  return (
    <Panel title="Trust card" className="trust-card">
      <div className="cm-params">
        <button type="button" onClick={() => void check()} disabled={!result || running}>
          Check this map
        </button>
        {running && (
          <>
            <progress aria-label="Trust card progress" max={progress.total} value={progress.done} />
            <button type="button" onClick={() => void job.current?.cancel()}>
              Cancel
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {card && (
        <ResultSource from={card.from} testId="trust-card-source">
          <div data-testid="trust-card" data-stale={String(stale)} className={stale ? 'stale' : undefined}>
            <p className="hint muted">
              {card.result.method} for class {card.result.target.label} · {Math.round(card.result.ms)} ms
              {stale ? ' · Out of date: computed for an earlier map' : ''}
            </p>
            <ul className="trust-lines" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {card.result.lines.map((l) => (
                <li key={l.check} data-check={l.check} data-status={l.status} title={l.paper} style={{ marginBottom: 4 }}>
                  <strong>{l.label}</strong> {l.value} — <span className={l.status === 'warn' ? 'warn' : undefined}>{l.reading}</span>
                  <br />
                  <small className="muted">{/^.*?\d{4}/.exec(l.paper)?.[0] ?? l.paper}</small>
                </li>
              ))}
            </ul>
          </div>
        </ResultSource>
      )}
    </Panel>
  );
}

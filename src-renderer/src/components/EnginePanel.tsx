// The engine's details (backend, tfjs, kernels, the backend ladder), shown in
// the Engine dialog the header badge opens: rarely read, so off the rails.
import type { EngineInfo } from '../../../src-main/api/types';
import { ladderLines, pixelLimitText } from './engineText';
import { Facts } from './Panel';

export function EngineDetails({ engine }: { engine: EngineInfo | null }) {
  if (!engine) return <p className="muted">Not connected.</p>;
  return (
    <>
      <Facts
        rows={[
          ['Backend', engine.backend],
          ['tfjs', engine.tfjsVersion],
          ['Pixel limit', pixelLimitText(engine)],
          ['Added kernels', engine.addedKernels.length ? engine.addedKernels.join(', ') : 'none'],
          ['Replaced kernels', engine.replacedKernels.length ? engine.replacedKernels.join(', ') : 'none'],
        ]}
      />
      <ol className="ladder" aria-label="Backend ladder, best first">
        {ladderLines(engine).map((l) => (
          <li key={l.name} className={`rung rung-${l.status.replace(' ', '-')}`}>
            <strong>{l.name}</strong> <span className="muted">{l.status}</span>
            {l.reason && <div className="rung-reason">{l.reason}</div>}
          </li>
        ))}
      </ol>
    </>
  );
}

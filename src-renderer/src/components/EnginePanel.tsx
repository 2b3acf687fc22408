import { useStudioState } from '../context';
import { ladderLines } from './engineText';
import { Facts, Panel } from './Panel';

export function EnginePanel() {
  const engine = useStudioState((s) => s.engine);
  return (
    <Panel title="Engine">
      {!engine ? (
        <p className="muted">Not connected.</p>
      ) : (
        <>
          <Facts
            rows={[
              ['Backend', engine.backend],
              ['tfjs', engine.tfjsVersion],
              ['Pixel limit', `${(engine.pixelLimit / 1e6).toFixed(0)} MP`],
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
      )}
    </Panel>
  );
}

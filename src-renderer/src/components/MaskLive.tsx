// What hiding the shown mask does to the top classes, updated on every edit:
// probability before → after, Δprobability and Δlogit (pre-softmax).
import { liveIsCurrent, shownMask } from '../state/maskLab';
import { countSet } from '../state/maskRaster';
import { useMaskLab } from '../context';
import { useStore } from '../state/store';

const signed = (v: number, digits: number): string => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(digits)}`;
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function MaskLive() {
  const lab = useMaskLab();
  const live = useStore(lab.store, (s) => s.live);
  const current = useStore(lab.store, liveIsCurrent);
  const error = useStore(lab.store, (s) => s.liveError);
  const empty = useStore(lab.store, (s) => {
    const m = shownMask(s);
    return !m || countSet(m) === 0;
  });
  if (empty)
    return (
      <p className="hint muted" data-testid="mask-live-empty">
        Paint a region to see what hiding it does.
      </p>
    );
  if (error && !current)
    return (
      <p className="hint" role="alert">
        Scoring failed: {error}
      </p>
    );
  if (!live)
    return (
      <p className="hint muted" role="status">
        Scoring…
      </p>
    );
  const r = live.result.results[0];
  const target = r.classes.find((c) => c.index === live.result.target);
  return (
    <div className={`mask-live${current ? '' : ' stale'}`} data-testid="mask-live" data-current={current} aria-busy={!current}>
      <p className="hint">
        Hidden {pct(r.area)} of the image · fill {live.fill} · now classified as <strong>{r.topAfter.label}</strong> ({pct(r.topAfter.probability)})
      </p>
      {target && (
        <p className="hint" data-testid="mask-target-delta" data-dlogit={target.dLogit} data-dprob={target.dProb}>
          Target {target.label}: Δlogit {signed(target.dLogit, 3)}, Δprob {signed(target.dProb * 100, 1)} pts
        </p>
      )}
      <table className="top-classes" aria-label="Masked scores">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Prob. before → after
            </th>
            <th scope="col" className="num">
              Δprob
            </th>
            <th scope="col" className="num">
              Δlogit
            </th>
          </tr>
        </thead>
        <tbody>
          {r.classes.map((c) => (
            <tr key={c.index} data-dlogit={c.dLogit}>
              <th scope="row">{c.label}</th>
              <td className="num">
                {pct(c.probBefore)} → {pct(c.probAfter)}
              </td>
              <td className="num">{signed(c.dProb * 100, 1)}</td>
              <td className="num">{signed(c.dLogit, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The masking lab's experiment log: one row per logged mask, kept across
// restarts by the engine host; export as CSV and as mask PNGs.
import { useId, useState } from 'react';
import { useMaskLab, useStudioState } from '../context';
import { useStore } from '../state/store';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function ExperimentLog() {
  const lab = useMaskLab();
  const log = useStore(lab.store, (s) => s.log);
  const imageName = useStudioState((s) => s.image?.name ?? null);
  const [thisImage, setThisImage] = useState(true);
  const filterId = useId();
  const rows = thisImage && imageName ? log.filter((r) => r.image === imageName) : log;
  if (log.length === 0) return null;
  return (
    <section className="panel experiment-log" aria-label="Experiment log">
      <h2>Experiment log</h2>
      <span className="field-check">
        <input id={filterId} type="checkbox" checked={thisImage} onChange={(e) => setThisImage(e.currentTarget.checked)} />
        <label htmlFor={filterId}>This image only</label>
        <span className="muted">
          {rows.length} of {log.length}
        </span>
      </span>
      <table className="top-classes" aria-label="Logged masks">
        <thead>
          <tr>
            <th scope="col">Mask</th>
            <th scope="col" className="num">
              Area
            </th>
            <th scope="col">Fill</th>
            <th scope="col" className="num">
              Target prob.
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => {
            const t = r.classes.find((c) => c.index === r.target) ?? r.classes[0];
            const others = r.classes
              .filter((c) => c !== t)
              .map((c) => `${c.label}: ${pct(c.probBefore)} → ${pct(c.probAfter)} (Δlogit ${c.dLogit.toFixed(3)})`);
            return (
              <tr key={r.id} data-testid="experiment-row" title={`${r.model} · ${r.image} · ${new Date(r.time).toLocaleString()}\n${others.join('\n')}`}>
                <th scope="row">
                  <img className="mask-thumb" src={r.thumbnail} alt={`mask on ${r.image}`} />
                </th>
                <td className="num">{pct(r.area)}</td>
                <td>{r.fill}</td>
                <td className="num">
                  {t ? (
                    <>
                      {t.label}: {pct(t.probBefore)} → {pct(t.probAfter)}
                      <div className="muted">Δlogit {t.dLogit.toFixed(3)}</div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    disabled={r.image !== imageName}
                    onClick={() => lab.restore(r.id)}
                    aria-label="Put this mask back on the image"
                  >
                    use
                  </button>
                  <button type="button" className="link-button" onClick={() => lab.exportMasks([r])} aria-label="Save this mask as PNG">
                    png
                  </button>
                  <button type="button" className="link-button" onClick={() => void lab.deleteRows([r.id])} aria-label="Delete this row">
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={() => lab.exportCsv(rows)}>
          Export CSV
        </button>
        <button type="button" onClick={() => lab.exportMasks(rows)} disabled={!rows.length} title="The masks as PNGs in one zip, with the CSV">
          Export masks (zip)
        </button>
        <button type="button" onClick={() => void lab.deleteRows(thisImage && imageName ? rows.map((r) => r.id) : null)}>
          Clear
        </button>
      </div>
    </section>
  );
}

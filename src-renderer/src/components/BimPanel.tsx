// The BIM benchmark (Yang & Kim 2019) on the committed demo pairs: pick
// methods, run with progress and cancel, read MCS / IDR / IIR (objects) or the
// marker-box shares of the shortcut vs clean chest models.
import { useState } from 'react';
import type { BimResult, BimVariant } from '../../../src-main/api/bim-types';
import { useStudio, useStudioState } from '../context';
import { useStore } from '../state/store';
import { Panel } from './Panel';

const f = (v: number | null | undefined, d = 3): string => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(d));

function ResultTable({ r }: { r: BimResult }) {
  if (r.variant === 'objects') {
    return (
      <>
        <p className="hint" data-testid="bim-summary">
          {r.used}/{r.images} images right for both models · object {f(r.accuracy.object * 100, 1)}% · scene {f(r.accuracy.scene * 100, 1)}% · IIR t = {r.t}
          {r.tcav && (
            <>
              {' '}
              · TCAV MCS <output data-testid="bim-tcav-mcs">{f(r.tcav.mcs)}</output>
            </>
          )}
        </p>
        <table className="localize-table" data-testid="bim-table" aria-label="BIM scores per method">
          <thead>
            <tr>
              <th>method</th>
              <th title="model contrast score: object model − scene model attribution on the object">MCS</th>
              <th title="input dependence rate">IDR</th>
              <th title="input independence rate">IIR</th>
              <th>pairs</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={x.method} data-testid={`bim-row-${x.method}`}>
                <td>{x.method}</td>
                <td>{f(x.mcs)}</td>
                <td>{f(x.idr)}</td>
                <td>{f(x.iir)}</td>
                <td>{x.iirPairs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  const a = r.accuracy;
  return (
    <>
      <p className="hint" data-testid="bim-summary">
        Accuracy, marker independent / reversed: shortcut {f(a.shortcut.independent * 100, 1)}% / {f(a.shortcut.reversed * 100, 1)}%, clean{' '}
        {f(a.clean.independent * 100, 1)}% / {f(a.clean.reversed * 100, 1)}%
      </p>
      <table className="localize-table" data-testid="bim-table" aria-label="Attribution share in the marker box">
        <thead>
          <tr>
            <th>method</th>
            <th>shortcut</th>
            <th>clean</th>
            <th>ratio</th>
            <th>reveals</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((x) => (
            <tr key={x.method} data-testid={`bim-row-${x.method}`}>
              <td>{x.method}</td>
              <td>{f(x.shareShortcut)}</td>
              <td>{f(x.shareClean)}</td>
              <td>{f(x.ratio, 2)}</td>
              <td>{x.reveals ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function BimPanel() {
  const { bim } = useStudio();
  const { result, progress, error, jobId } = useStore(bim.store, (s) => s);
  const busy = jobId !== null;
  const catalog = useStudioState((s) => s.catalog);
  const methods = catalog?.methods ?? [];
  const [variant, setVariant] = useState<BimVariant>('objects');
  // Until the user picks: the first three of the benchmark's default methods (descriptor bim.default), in catalog order.
  const [picked, setChosen] = useState<string[] | null>(null);
  const chosen =
    picked ??
    methods
      .filter((m) => m.bim?.default)
      .map((m) => m.id)
      .slice(0, 3);
  const [n, setN] = useState(8);
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  // The controls (random map, Fake-CAM, Sobel) run beside the methods: BIM's scores mean little without them.
  const available = [...methods.map((m) => ({ id: m.id, label: m.label })), ...(catalog?.controls ?? []).map((c) => ({ id: c.id, label: c.label }))];
  return (
    <Panel title="BIM benchmark" className="bim">
      <p className="hint muted">
        Ground-truth attribution checks (Yang &amp; Kim 2019) on the project&apos;s own object/scene models, or the chest laterality-marker shortcut.
      </p>
      <div className="cm-params">
        <label className="cm-param">
          variant{' '}
          <select aria-label="BIM variant" data-testid="bim-variant" value={variant} onChange={(e) => setVariant(e.target.value as BimVariant)}>
            <option value="objects">objects on scenes (MCS, IDR, IIR)</option>
            <option value="chest-marker">chest laterality marker</option>
          </select>
        </label>
        <label className="cm-param">
          <span>images</span>
          <input
            aria-label="BIM images"
            data-testid="bim-n"
            type="number"
            min={1}
            max={500}
            value={n}
            onChange={(e) => setN(Math.max(1, Math.round(Number(e.target.value) || 1)))}
          />
        </label>
      </div>
      <fieldset className="bim-methods" aria-label="BIM methods">
        <legend>methods</legend>
        {available.map((m) => (
          <label key={m.id} className="cm-param">
            <input type="checkbox" checked={chosen.includes(m.id)} onChange={() => toggle(m.id)} data-testid={`bim-method-${m.id}`} /> {m.label}
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="bim-run"
          disabled={busy || chosen.length === 0}
          onClick={() => void bim.run({ variant, methods: chosen, n, tcav: variant === 'objects' })}
        >
          Run benchmark
        </button>
        {busy && (
          <button type="button" data-testid="bim-cancel" onClick={() => bim.cancel()}>
            Cancel
          </button>
        )}
      </div>
      {progress && (
        <p className="hint" role="status" data-testid="bim-progress">
          <progress max={progress.total} value={progress.done} aria-label="BIM progress" /> {progress.done}/{progress.total} {progress.message ?? ''}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="bim-error">
          {error}
        </p>
      )}
      {result && <ResultTable r={result} />}
    </Panel>
  );
}

// TCAV (Kim et al. 2018): does a concept, given as a folder of images, push a
// class's score at a layer? Folders are paths on the engine's machine; random
// sets are sub-folders of the random folder or draws from a flat pool.
import type { ModelInfo } from '../../../../src-main/api/types';
import { type ApplyAction, type EvaluateView, parseClasses, type TcavForm } from '../../state/evaluate';
import { JobBar } from './JobBar';
import { ResultSource } from '../ResultSource';

export interface TcavSectionProps {
  view: EvaluateView;
  apply: ApplyAction;
  model: ModelInfo;
  onRun(): void;
  onCancel(): void;
  onReport(): void;
}

const FOLDERS: [keyof TcavForm, string, string][] = [
  ['concept', 'Concept folder', 'images showing the concept'],
  ['random', 'Random folder', 'one sub-folder per random set, or a pool'],
  ['images', 'Class images folder', 'images of the probed classes'],
];

export function TcavSection({ view, apply, model, onRun, onCancel, onReport }: TcavSectionProps) {
  const f = view.tcavForm;
  const r = view.tcav;
  const layers = model.layers.filter((l) => l.outputShape.length >= 2 && l.name);
  const canRun = !view.job && !!parseClasses(f.classes) && !!f.concept.trim() && !!f.random.trim() && !!f.images.trim();
  return (
    <section className="eval-section" aria-labelledby="eval-tcav-h">
      <h3 id="eval-tcav-h">TCAV</h3>
      <div className="cm-params">
        {FOLDERS.map(([k, label, hint]) => (
          <label key={k} className="cm-param" title={hint}>
            <span>{label}</span>
            <input
              type="text"
              aria-label={`TCAV ${label}`}
              placeholder={hint}
              value={String(f[k])}
              onChange={(e) => apply('tcavFieldSet', k, e.target.value)}
            />
          </label>
        ))}
        <label className="cm-param">
          <span>classes</span>
          <input
            type="text"
            aria-label="TCAV classes"
            placeholder="e.g. 1, 7"
            value={f.classes}
            onChange={(e) => apply('tcavFieldSet', 'classes', e.target.value)}
          />
        </label>
        <label className="cm-param">
          layer{' '}
          <select aria-label="TCAV layer" value={f.layer} onChange={(e) => apply('tcavFieldSet', 'layer', e.target.value)}>
            <option value="">default ({model.defaultLayer ?? 'none'})</option>
            {layers.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="cm-param">
          <span>random sets</span>
          <input
            type="number"
            aria-label="TCAV random sets"
            min={2}
            max={500}
            value={f.randomSets}
            onChange={(e) =>
              Number.isInteger(Number(e.target.value)) && Number(e.target.value) >= 2 && apply('tcavFieldSet', 'randomSets', Number(e.target.value))
            }
          />
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="primary" disabled={!canRun} onClick={onRun}>
          Run TCAV
        </button>
        {r && (
          <button type="button" onClick={onReport}>
            TCAV report (HTML)
          </button>
        )}
      </div>
      <JobBar job={view.job} kind="tcav" onCancel={onCancel} />
      {r && (
        <ResultSource from={view.sources.tcav} testId="tcav-source">
          <table className="eval-table" data-testid="tcav-table" aria-label="TCAV scores">
            <caption className="muted">
              {r.layer} (d = {r.dim}) · {r.randomSets.length} random sets · α = {r.alpha.toPrecision(3)}
            </caption>
            <thead>
              <tr>
                <th scope="col">class</th>
                <th scope="col">TCAV</th>
                <th scope="col">random CAVs</th>
                <th scope="col">p</th>
                <th scope="col">significant</th>
              </tr>
            </thead>
            <tbody>
              {r.classes.map((c) => (
                <tr key={c.target}>
                  <th scope="row">
                    {c.target} {c.label}
                  </th>
                  <td>
                    {c.mean.toFixed(3)} ± {c.std.toFixed(3)}
                  </td>
                  <td>
                    {c.nullMean.toFixed(3)} ± {c.nullStd.toFixed(3)}
                  </td>
                  <td>{c.p == null ? '—' : c.p.toPrecision(3)}</td>
                  <td className={c.significant ? 'best' : undefined}>{c.significant ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ResultSource>
      )}
    </section>
  );
}

// Metrics over images: choose methods (and controls), metrics, images and
// steps; run as an engine job; then the summary table and the mean
// deletion/insertion curves, and the HTML report.
import type { MethodDescriptor, ModelInfo } from '../../../../src-main/api/types';
import { useStudioState } from '../../context';
import { type ApplyAction, curveRows, type EvaluateView } from '../../state/evaluate';
import { MethodLines } from '../charts/MethodLines';
import { ResultSource } from '../ResultSource';
import { JobBar } from './JobBar';
import { MethodChecks } from './MethodChecks';
import { SummaryTable } from './SummaryTable';

export interface MetricsSectionProps {
  view: EvaluateView;
  apply: ApplyAction;
  model: ModelInfo;
  methods: MethodDescriptor[];
  imageName: string | null;
  samples: number;
  onRun(): void;
  onCancel(): void;
  onReport(): void;
}

export function MetricsSection({ view, apply, model, methods, imageName, samples, onRun, onCancel, onReport }: MetricsSectionProps) {
  const r = view.result;
  const metrics = useStudioState((s) => s.catalog?.metrics) ?? [];
  const canRun = !view.job && view.methods.length > 0 && view.metrics.length > 0 && (view.images === 'current' ? !!imageName : samples > 0);
  return (
    <section className="eval-section" aria-labelledby="eval-metrics-h">
      <h3 id="eval-metrics-h">Metrics</h3>
      <MethodChecks
        label="Evaluate"
        methods={methods}
        chosen={view.methods}
        onToggle={(id, on) => apply('methodToggled', id, on)}
        canLayer={!!(model.autoLayer ?? model.defaultLayer)}
      />
      <fieldset className="eval-checks">
        <legend>Metrics</legend>
        {metrics.map((m) => (
          <label key={m.id} className="eval-check" title={`${m.help} (${m.paper})`}>
            <input
              type="checkbox"
              aria-label={`metric ${m.id}`}
              checked={view.metrics.includes(m.id)}
              disabled={!!m.needsMask && !view.masks}
              onChange={(e) => apply('metricToggled', m.id, e.target.checked)}
            />{' '}
            {m.label}
          </label>
        ))}
      </fieldset>
      <div className="cm-params">
        <label className="cm-param">
          images{' '}
          <select aria-label="Images to evaluate" value={view.images} onChange={(e) => apply('imagesSet', e.target.value as EvaluateView['images'])}>
            <option value="samples" disabled={!samples}>
              demo samples ({samples})
            </option>
            <option value="current" disabled={!imageName}>
              current image{imageName ? ` (${imageName})` : ''}
            </option>
          </select>
        </label>
        <label className="cm-param">
          <span>steps</span>
          <input
            aria-label="Deletion/insertion steps"
            type="number"
            min={1}
            max={1000}
            value={view.steps}
            onChange={(e) => apply('stepsSet', Number(e.target.value))}
          />
        </label>
        <label className="cm-param" title="Ground-truth masks named <stem>.mask.png beside each image (the chest phantoms have them)">
          <input type="checkbox" aria-label="Use ground-truth masks" checked={view.masks} onChange={(e) => apply('masksSet', e.target.checked)} /> masks beside
          images
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="primary" disabled={!canRun} onClick={onRun}>
          Run evaluation
        </button>
        {r && (
          <button type="button" onClick={onReport}>
            Report (HTML)
          </button>
        )}
      </div>
      <JobBar job={view.job} kind="evaluate" onCancel={onCancel} />
      {r && (
        <ResultSource from={view.sources.evaluate} testId="evaluate-source">
          <SummaryTable result={r} />
          <div className="eval-charts">
            {(['deletion', 'insertion'] as const).map((kind) => {
              const c = curveRows(r, kind);
              return c.methods.length ? (
                <MethodLines
                  key={kind}
                  testId={`curve-${kind}`}
                  title={`Mean ${kind} curve`}
                  rows={c.rows}
                  methods={c.methods}
                  xKey="x"
                  xType="number"
                  xLabel={`fraction ${kind === 'deletion' ? 'deleted' : 'inserted'}`}
                  yLabel="p(target)"
                  yDomain={[0, 1]}
                />
              ) : null;
            })}
          </div>
        </ResultSource>
      )}
    </section>
  );
}

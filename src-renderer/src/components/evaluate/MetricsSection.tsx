// Metrics over images: choose methods (and controls), metrics, images and
// steps; run as an engine job; then the summary table and the mean
// deletion/insertion curves, and the HTML report.
import { METRIC_FAMILIES } from '../../../../src-main/api/catalog-types';
import type { MethodDescriptor, ModelInfo } from '../../../../src-main/api/types';
import { useStudioState } from '../../context';
import { type ApplyAction, curveRows, effectiveImages, evaluateBlocker, type EvaluateView, type Substrate } from '../../state/evaluate';
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
  const controls = useStudioState((s) => s.catalog?.controls) ?? [];
  const names = Object.fromEntries([...methods, ...controls].map((m) => [m.id, m.label]));
  const images = effectiveImages(view.images, samples);
  const blocker = evaluateBlocker(view, imageName, samples);
  // The substrate choices come from the metrics' own parameter specs.
  const substrates = (kind: 'deletion' | 'insertion'): string[] =>
    metrics.find((m) => m.id === kind)?.params?.find((p) => p.name === `${kind}Substrate`)?.options ?? ['zero', 'blur', 'mean'];
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
      {METRIC_FAMILIES.filter((f) => metrics.some((m) => m.family === f)).map((family) => (
        <fieldset key={family} className="eval-checks">
          <legend>{family}</legend>
          {metrics
            .filter((m) => m.family === family)
            .map((m) => (
              <label key={m.id} className="eval-check" title={`${m.help} (${m.paper})${m.optIn ? ' — seconds per image' : ''}`}>
                <input
                  type="checkbox"
                  aria-label={`metric ${m.id}`}
                  checked={view.metrics.includes(m.id)}
                  disabled={!!m.needsMask && !view.masks}
                  onChange={(e) => apply('metricToggled', m.id, e.target.checked)}
                />{' '}
                {m.label}
                {m.optIn ? <span className="muted"> (slow)</span> : null}
              </label>
            ))}
        </fieldset>
      ))}
      <div className="cm-params">
        <label className="cm-param">
          images{' '}
          <select aria-label="Images to evaluate" value={images} onChange={(e) => apply('imagesSet', e.target.value as EvaluateView['images'])}>
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
        {(['deletion', 'insertion'] as const).map((kind) => (
          <label key={kind} className="cm-param" title={kind === 'deletion' ? 'What deleted pixels become' : 'What the insertion curve starts from'}>
            <span>{kind} substrate</span>
            <select
              aria-label={`${kind === 'deletion' ? 'Deletion' : 'Insertion'} substrate`}
              value={kind === 'deletion' ? view.deletionSubstrate : view.insertionSubstrate}
              onChange={(e) => apply('substrateSet', kind, e.target.value as Substrate)}
            >
              {substrates(kind).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="cm-param" title="Ground-truth masks named <stem>.mask.png beside each image (the chest phantoms have them)">
          <input type="checkbox" aria-label="Use ground-truth masks" checked={view.masks} onChange={(e) => apply('masksSet', e.target.checked)} /> masks beside
          images
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="primary" disabled={!!blocker} onClick={onRun} aria-describedby={blocker ? 'eval-run-why' : undefined}>
          Run evaluation
        </button>
        {blocker && !view.job && (
          <span id="eval-run-why" className="muted" data-testid="evaluate-blocker">
            {blocker}
          </span>
        )}
        {r && (
          <button type="button" onClick={onReport}>
            Report (HTML)
          </button>
        )}
      </div>
      <JobBar job={view.job} kind="evaluate" onCancel={onCancel} />
      {r && (
        <ResultSource from={view.sources.evaluate} testId="evaluate-source">
          <SummaryTable result={r} names={names} controls={controls.length ? controls.map((c) => c.id) : undefined} />
          <div className="eval-charts">
            {(['deletion', 'insertion'] as const).map((kind) => {
              const c = curveRows(r, kind);
              return c.methods.length ? (
                <MethodLines
                  key={kind}
                  testId={`curve-${kind}`}
                  title={`Mean ${kind} curve · substrate ${String(r.options[`${kind}Substrate`] ?? (kind === 'deletion' ? 'zero' : 'blur'))}`}
                  names={names}
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

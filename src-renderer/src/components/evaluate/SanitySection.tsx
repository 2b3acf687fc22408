// Adebayo et al.'s sanity checks: cascading / independent parameter
// randomisation on the current image (similarity against the randomised
// layer, one line per method, and each method's maps across the steps), or
// data randomisation (training progress, then the trained vs permuted maps).
import { useState } from 'react';
import type { SanityMode, SanityResult, SimilarityScores } from '../../../../src-main/api/evaluate-types';
import type { MethodDescriptor, ModelInfo } from '../../../../src-main/api/types';
import { type ApplyAction, type EvaluateView, similarityRows } from '../../state/evaluate';
import { MapStrip } from '../charts/MapStrip';
import { MethodLines } from '../charts/MethodLines';
import { ResultSource } from '../ResultSource';
import { JobBar } from './JobBar';
import { MethodChecks } from './MethodChecks';

const MEASURES: [keyof SimilarityScores, string][] = [
  ['spearmanAbs', '|Spearman|'],
  ['spearman', 'Spearman'],
  ['ssim', 'SSIM'],
  ['hog', 'HOG'],
];
const pct = (v: number | null | undefined): string => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

function Training({ r }: { r: SanityResult }) {
  const t = r.training;
  if (!t) return null;
  return (
    <table className="eval-table" data-testid="sanity-training" aria-label="Permuted-label training">
      <tbody>
        <tr>
          <th scope="row">images × epochs</th>
          <td>
            {t.trainImages} × {t.epochs} ({t.seconds.toFixed(1)} s)
          </td>
        </tr>
        <tr>
          <th scope="row">copy: accuracy on its permuted labels</th>
          <td>{pct(t.trainAccuracy)}</td>
        </tr>
        <tr>
          <th scope="row">copy: held-out accuracy (true labels)</th>
          <td>{pct(t.heldOutAccuracy)}</td>
        </tr>
        <tr>
          <th scope="row">given model: held-out accuracy</th>
          <td>{pct(t.trainedModelHeldOutAccuracy)}</td>
        </tr>
      </tbody>
    </table>
  );
}

export interface SanitySectionProps {
  view: EvaluateView;
  apply: ApplyAction;
  model: ModelInfo;
  methods: MethodDescriptor[];
  imageName: string | null;
  onRun(): void;
  onCancel(): void;
  onReport(): void;
}

export function SanitySection({ view, apply, model, methods, imageName, onRun, onCancel, onReport }: SanitySectionProps) {
  const [measure, setMeasure] = useState<keyof SimilarityScores>('spearmanAbs');
  const r = view.sanity;
  const names = Object.fromEntries(methods.map((m) => [m.id, m.label]));
  const data = view.sanityMode === 'data';
  const canRun = !view.job && view.sanityMethods.length > 0 && (data || !!imageName);
  const labels = r?.columns.map((c) => c.label) ?? [];
  return (
    <section className="eval-section" aria-labelledby="eval-sanity-h">
      <h3 id="eval-sanity-h">Sanity checks</h3>
      <MethodChecks
        label="Sanity"
        methods={methods}
        chosen={view.sanityMethods}
        onToggle={(id, on) => apply('sanityMethodToggled', id, on)}
        canLayer={!!(model.autoLayer ?? model.defaultLayer)}
      />
      <div className="cm-params">
        <label className="cm-param">
          mode{' '}
          <select aria-label="Sanity mode" value={view.sanityMode} onChange={(e) => apply('sanityModeSet', e.target.value as SanityMode)}>
            <option value="cascading">cascading randomisation</option>
            <option value="independent">independent randomisation</option>
            <option value="data">data randomisation</option>
          </select>
        </label>
        {data && (
          <>
            <label className="cm-param">
              <span>epochs</span>
              <input
                aria-label="Training epochs"
                type="number"
                min={1}
                max={200}
                value={view.epochs}
                onChange={(e) => apply('epochsSet', Number(e.target.value))}
              />
            </label>
            <label className="cm-param">
              <span>labelled folder</span>
              <input
                aria-label="Labelled training folder"
                type="text"
                placeholder="demo digits"
                value={view.dataFolder}
                onChange={(e) => apply('dataFolderSet', e.target.value)}
              />
            </label>
            <label className="cm-param">
              <span>training images</span>
              <input
                aria-label="Training images"
                type="number"
                min={2}
                value={view.trainLimit}
                onChange={(e) => apply('trainLimitSet', Number(e.target.value))}
              />
            </label>
          </>
        )}
      </div>
      <p className="hint muted">
        {data
          ? `Trains a copy of the architecture on ${view.dataFolder.trim() ? `the folder ${view.dataFolder.trim()} (one sub-folder per class)` : 'the demo digits'} with permuted labels, then compares each method’s maps on both models.`
          : `Re-initialises the layers from the top down (cascading) or one at a time, and compares each map with the trained model’s, on ${imageName ?? 'the current image'}.`}
      </p>
      <div className="button-row">
        <button type="button" className="primary" disabled={!canRun} onClick={onRun}>
          Run sanity check
        </button>
        {r && (
          <button type="button" onClick={onReport}>
            Sanity report (HTML)
          </button>
        )}
      </div>
      <JobBar job={view.job} kind="sanity" onCancel={onCancel} />
      {r && (
        <ResultSource from={view.sources.sanity} testId="sanity-source">
          <div className="cm-params">
            <label className="cm-param">
              similarity{' '}
              <select aria-label="Similarity measure" value={measure} onChange={(e) => setMeasure(e.target.value as keyof SimilarityScores)}>
                {MEASURES.map(([k, n]) => (
                  <option key={k} value={k}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {r.mode === 'data' ? (
            <>
              <Training r={r} />
              <MethodLines
                testId="sanity-plot"
                title={`${MEASURES.find(([k]) => k === measure)![1]}: trained vs permuted-label model, per image`}
                rows={similarityRows(r, measure)}
                methods={r.methods}
                names={names}
                xKey="step"
                xType="category"
                xLabel="image"
                yLabel={MEASURES.find(([k]) => k === measure)![1]}
                yDomain={[-1, 1]}
              />
            </>
          ) : (
            <MethodLines
              testId="sanity-plot"
              title={`${MEASURES.find(([k]) => k === measure)![1]} with the trained model’s map (${r.mode})`}
              rows={similarityRows(r, measure)}
              methods={r.methods}
              names={names}
              xKey="step"
              xType="category"
              xLabel="randomised down to"
              yLabel={MEASURES.find(([k]) => k === measure)![1]}
              yDomain={[-1, 1]}
            />
          )}
          {r.methods.map((m, j) => (
            <div key={m}>
              <MapStrip testId={`strip-${m}`} name={names[m] ?? m} thumbs={r.thumbs[j]} labels={labels} />
              {r.permutedThumbs && (
                <MapStrip testId={`strip-${m}-permuted`} name={`${names[m] ?? m} (permuted labels)`} thumbs={r.permutedThumbs[j]} labels={labels} />
              )}
            </div>
          ))}
        </ResultSource>
      )}
    </section>
  );
}

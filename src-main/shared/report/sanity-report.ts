// The self-contained HTML report of a sanity check (Adebayo et al. 2018):
// model-parameter randomisation — similarity against the randomised layer,
// one line per method, with each method's maps across the steps — or data
// randomisation — the training report, similarities per image, and the maps
// of the trained and the permuted-label model side by side.
import type { SanityResult, SimilarityScores } from '../../api/evaluate-types';
import { esc, figure, page, paragraph, row, section, strip, table } from './html';
import { lineChartSvg } from './svg-chart';

const num = (v: number | null | undefined, d = 3): string => (v == null ? '—' : v.toFixed(d));
const pct = (v: number | null | undefined): string => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const SIM_KEYS: [keyof SimilarityScores, string][] = [
  ['spearmanAbs', '|Spearman| (abs maps)'],
  ['spearman', 'Spearman (signed)'],
  ['ssim', 'SSIM'],
  ['hog', 'HOG (Pearson)'],
];

/** Each method's similarity at the last step (fully randomised in cascading mode), highest first. */
export function finalSimilarity(r: SanityResult, key: keyof SimilarityScores = 'spearmanAbs'): { method: string; value: number | null }[] {
  return r.methods
    .map((method, j) => ({ method, value: r.similarity[j].at(-1)?.[key] ?? null }))
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
}

function modelModes(r: SanityResult): string[] {
  const labels = r.columns.map((c) => c.label);
  const body: string[] = [];
  const charts = SIM_KEYS.map(([k, name]) =>
    figure(
      lineChartSvg({
        title: `${name} with the trained model's map`,
        x: labels,
        yDomain: [-1, 1],
        yLabel: name,
        width: 480,
        height: 280,
        series: r.methods.map((m, j) => ({ name: m, values: r.similarity[j].map((s) => s[k]) })),
      }),
    ),
  );
  const how =
    r.mode === 'cascading'
      ? 'Cascading: layers randomised from the top down to the one named.'
      : 'Independent: one layer randomised at a time, the others trained.';
  body.push(section('Similarity against the randomised layer', paragraph(`${how} A method that explains the model falls towards 0.`), row(...charts)));
  const last = finalSimilarity(r);
  body.push(
    section(
      'At the last step',
      paragraph(
        `|Spearman| with the trained model's map at "${labels.at(-1)}": ${last.map((x) => `${x.method} ${num(x.value)}`).join(', ')}. Methods that stay near 1 do not depend on the parameters that were randomised.`,
      ),
    ),
  );
  body.push(
    section('Maps across the steps', ...r.methods.map((m, j) => `<h3>${esc(m)}</h3>` + strip(r.thumbs[j].map((t, k) => ({ ...t, caption: labels[k] }))))),
  );
  body.push(
    section(
      'Similarity per step',
      ...r.methods.map((m, j) =>
        table({
          caption: m,
          head: ['step', ...SIM_KEYS.map(([, n]) => n)],
          rows: r.similarity[j].map((s, k) => [labels[k], ...SIM_KEYS.map(([key]) => num(s[key]))]),
        }),
      ),
    ),
  );
  return body;
}

function dataMode(r: SanityResult): string[] {
  const body: string[] = [];
  const t = r.training;
  if (t) {
    body.push(
      section(
        'Permuted-label model',
        table({
          id: 'training',
          head: ['', 'value'],
          rows: [
            ['training images × epochs', `${t.trainImages} × ${t.epochs}`],
            ['labels changed by the permutation', pct(t.permutedFraction)],
            ['copy: accuracy on its permuted labels', pct(t.trainAccuracy)],
            ['copy: accuracy on the true training labels', pct(t.trainAccuracyTrue)],
            ['copy: held-out accuracy', pct(t.heldOutAccuracy)],
            ['given model: training accuracy', pct(t.trainedModelTrainAccuracy)],
            ['given model: held-out accuracy', pct(t.trainedModelHeldOutAccuracy)],
            ['training time', `${t.seconds.toFixed(1)} s`],
          ],
        }),
        figure(
          lineChartSvg({
            title: 'Training loss (permuted labels)',
            x: t.loss.map((_, i) => i + 1),
            xLabel: 'epoch',
            yLabel: 'cross-entropy',
            series: [{ name: 'loss', values: t.loss }],
          }),
        ),
      ),
    );
  }
  if (r.mean)
    body.push(
      section(
        'Mean similarity, trained vs permuted-label model',
        table({
          id: 'mean',
          head: ['method', ...SIM_KEYS.map(([, n]) => n)],
          rows: r.methods.map((m, j) => [m, ...SIM_KEYS.map(([k]) => num(r.mean![j][k]))]),
        }),
      ),
    );
  body.push(
    section(
      'Maps: trained (top) and permuted-label model (bottom)',
      ...r.methods.map(
        (m, j) =>
          `<h3>${esc(m)}</h3>` +
          strip(r.thumbs[j].map((x, i) => ({ ...x, caption: r.columns[i].label }))) +
          strip((r.permutedThumbs?.[j] ?? []).map((x, i) => ({ ...x, caption: `${r.columns[i].label} (permuted)` }))),
      ),
    ),
  );
  body.push(
    section(
      'Similarity per image',
      ...r.methods.map((m, j) =>
        table({
          caption: m,
          head: ['image', 'target', ...SIM_KEYS.map(([, n]) => n)],
          rows: r.similarity[j].map((s, i) => [r.columns[i].label, String(r.columns[i].target ?? ''), ...SIM_KEYS.map(([k]) => num(s[k]))]),
        }),
      ),
    ),
  );
  return body;
}

export function sanityReport(r: SanityResult): string {
  const what = r.mode === 'data' ? 'data randomisation' : `${r.mode} model-parameter randomisation`;
  return page({
    title: `Sanity check: ${r.model}`,
    meta: [
      `${what}; methods ${r.methods.join(', ')}; seed ${r.seed}`,
      ...(r.image ? [`image ${r.image}, target ${r.target?.label ?? ''} (#${r.target?.index ?? ''})`] : []),
      `backend ${r.backend}; ${r.seconds.toFixed(1)} s`,
    ],
    body: r.mode === 'data' ? dataMode(r) : modelModes(r),
  });
}

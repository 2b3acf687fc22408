// The self-contained HTML report of an evaluation: summary table (best per
// column marked), mean deletion/insertion curves, the Fake-CAM check when the
// control ran, the trust card's checks where their metrics ran, per-image
// values and the options used.
import type { EvaluateResult } from '../../api/evaluate-types';
import { METRICS } from '../../api/metrics';
import { CONTROL_IDS, summaryTable, formatStat } from './evaluation-table';
import { figure, page, paragraph, row, section, table } from './html';
import { lineChartSvg } from './svg-chart';
import { reportTrustCards } from './trust-report';
import { shortNumber } from './numbers';

const num = (v: number | null | undefined, d = 4): string => (v == null ? '—' : shortNumber(v, d));

/** Poppi et al.'s point, stated from the numbers: Fake-CAM against the best real method. */
export function fakeCamFinding(r: EvaluateResult): string | null {
  const real = r.methods.filter((m) => !CONTROL_IDS.includes(m));
  const mean = (m: string, k: string): number | null => r.summary[m]?.[k]?.mean ?? null;
  if (!r.methods.includes('fake-cam') || !real.length || !r.metrics.includes('adcc') || !r.metrics.includes('average-drop')) return null;
  const ad = mean('fake-cam', 'average-drop');
  const adcc = mean('fake-cam', 'adcc');
  const bestAd = Math.min(...real.map((m) => mean(m, 'average-drop') ?? Infinity));
  const bestAdcc = Math.max(...real.map((m) => mean(m, 'adcc') ?? -Infinity));
  if (ad == null || adcc == null) return null;
  const passesAd = ad <= bestAd;
  const failsAdcc = adcc < bestAdcc;
  return `Fake-CAM (a near-constant map that knows nothing about the model): Average Drop ${ad.toFixed(2)}% against ${bestAd.toFixed(2)}% for the best method (${passesAd ? 'Fake-CAM looks at least as good' : 'Fake-CAM does worse'}); ADCC ${adcc.toFixed(3)} against ${bestAdcc.toFixed(3)} (${failsAdcc ? 'ADCC exposes it' : 'ADCC does not expose it'}).${passesAd && failsAdcc ? ' As in Poppi et al. 2021: Average Drop/Increase can be gamed, ADCC cannot.' : ''}`;
}

export function evaluationReport(r: EvaluateResult): string {
  const t = summaryTable(r);
  const body: string[] = [];
  body.push(
    section(
      'Summary: mean ± std over images',
      table({
        id: 'summary',
        caption: 'Best real method of each column highlighted (higher or lower is better as each metric says); controls are never marked best.',
        head: ['method', ...t.columns.map((c) => `${c.label} (${c.better === 'higher' ? '↑' : '↓'})`)],
        rows: t.rows.map((row) => [row.method, ...row.cells.map((c) => ({ text: formatStat(c), best: c.best, title: `n = ${c.n}` }))]),
      }),
    ),
  );
  const finding = fakeCamFinding(r);
  if (finding) body.push(section('Controls', paragraph(finding)));
  const cards = reportTrustCards(r);
  if (cards)
    body.push(
      section(
        'Trust card: the quick checks, on the mean over images',
        table({
          id: 'trust',
          caption: 'The readings and thresholds of the trust card beside a map in the app (rules of thumb; the papers give none).',
          head: ['method', 'check', 'value', 'reading', 'paper'],
          rows: cards.flatMap((c) =>
            c.lines.map((l) => [c.method, l.label, { text: l.value, title: l.status }, `${l.status === 'warn' ? '⚠ ' : ''}${l.reading}`, l.paper]),
          ),
        }),
      ),
    );
  const curves = (['deletion', 'insertion'] as const).flatMap((kind) => {
    const with_ = r.methods.filter((m) => r.curves[m]?.[kind]);
    if (!with_.length) return [];
    const svg = lineChartSvg({
      title: `Mean ${kind} curve`,
      x: r.curves[with_[0]].fraction,
      xLabel: `fraction of pixels ${kind === 'deletion' ? 'deleted' : 'inserted'}`,
      yLabel: 'target probability',
      yDomain: [0, 1],
      series: with_.map((m) => ({ name: m, values: r.curves[m][kind]! })),
    });
    return [figure(svg, `Mean over ${r.images.length} images. ${METRICS.find((m) => m.id === kind)?.help ?? ''}`)];
  });
  if (curves.length) body.push(section('Deletion and insertion curves', row(...curves)));
  const keys = [...new Set(r.rows.flatMap((x) => Object.keys(x.values)))];
  body.push(
    section(
      'Per image',
      table({
        id: 'rows',
        head: ['image', 'method', 'target', ...keys],
        rows: r.rows.map((x) => [x.image, x.method, x.label, ...keys.map((k) => num(x.values[k]))]),
      }),
    ),
  );
  body.push(section('Options', table({ head: ['option', 'value'], rows: Object.entries(r.options).map(([k, v]) => [k, String(v)]) })));
  return page({
    title: `Evaluation: ${r.model}`,
    meta: [
      `${r.images.length} images × ${r.methods.length} methods (${r.methods.join(', ')}); metrics: ${r.metrics.join(', ')}`,
      `backend ${r.backend}; ${r.seconds.toFixed(1)} s`,
    ],
    body,
  });
}

// The summary table of an evaluation — mean ± std per method and metric with
// the best of each column marked — as data, so the UI's table and the HTML
// report show the same numbers and the same winners.
import type { EvaluateResult, MetricStats } from '../../api/evaluate-types';
import { shortNumber } from './numbers';
import { METRICS } from '../../api/metrics';

export interface SummaryColumn {
  key: string;
  label: string;
  better: 'higher' | 'lower';
}

export interface SummaryCell extends MetricStats {
  best: boolean;
}

export interface SummaryTable {
  columns: SummaryColumn[];
  /** `control`: a model-blind baseline, shown for comparison and never marked best. */
  rows: { method: string; control: boolean; cells: SummaryCell[] }[];
}

/**
 * The controls' ids (the registry's family 'control', explainers/controls/index.ts;
 * report.test.ts checks the two agree). Kept here because the report and the
 * renderer read it without loading the registry.
 */
export const CONTROL_IDS: readonly string[] = ['random-map', 'fake-cam', 'sobel'];

export function summaryTable(r: Pick<EvaluateResult, 'methods' | 'metrics' | 'summary'>, controls: readonly string[] = CONTROL_IDS): SummaryTable {
  const columns = r.metrics.map((key) => {
    const m = METRICS.find((x) => x.id === key);
    const better: SummaryColumn['better'] = (m?.higherIsBetter ?? true) ? 'higher' : 'lower';
    return { key, label: m?.label ?? key, better };
  });
  const stats = (method: string, key: string): MetricStats => r.summary[method]?.[key] ?? { mean: null, std: null, n: 0 };
  // Best by each metric's direction, among the real methods only: a control that
  // wins a column (Fake-CAM's Average Drop of 0) shows the metric's weakness, not a winner.
  const real = r.methods.filter((m) => !controls.includes(m));
  const best = columns.map((c) => {
    const means = real.map((m) => stats(m, c.key).mean).filter((v): v is number => v != null);
    return means.length ? (c.better === 'higher' ? Math.max(...means) : Math.min(...means)) : null;
  });
  return {
    columns,
    rows: r.methods.map((method) => {
      const control = controls.includes(method);
      return {
        method,
        control,
        cells: columns.map((c, k) => ({ ...stats(method, c.key), best: !control && best[k] != null && stats(method, c.key).mean === best[k] })),
      };
    }),
  };
}

/** "0.123 ± 0.045" (3 decimals), "—" where the metric does not apply. */
export function formatStat(s: MetricStats, digits = 3): string {
  return s.mean == null ? '—' : `${shortNumber(s.mean, digits)} ± ${shortNumber(s.std ?? 0, digits)}`;
}

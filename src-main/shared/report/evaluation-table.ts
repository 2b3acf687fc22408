// The summary table of an evaluation — mean ± std per method and metric with
// the best of each column marked — as data, so the UI's table and the HTML
// report show the same numbers and the same winners.
import type { EvaluateResult, MetricStats } from '../../api/evaluate-types';
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
  rows: { method: string; cells: SummaryCell[] }[];
}

export function summaryTable(r: Pick<EvaluateResult, 'methods' | 'metrics' | 'summary'>): SummaryTable {
  const columns = r.metrics.map((key) => {
    const m = METRICS.find((x) => x.id === key);
    const better: SummaryColumn['better'] = (m?.higherIsBetter ?? true) ? 'higher' : 'lower';
    return { key, label: m?.label ?? key, better };
  });
  const stats = (method: string, key: string): MetricStats => r.summary[method]?.[key] ?? { mean: null, std: null, n: 0 };
  const best = columns.map((c) => {
    const means = r.methods.map((m) => stats(m, c.key).mean).filter((v): v is number => v != null);
    return means.length ? (c.better === 'higher' ? Math.max(...means) : Math.min(...means)) : null;
  });
  return {
    columns,
    rows: r.methods.map((method) => ({
      method,
      cells: columns.map((c, k) => ({ ...stats(method, c.key), best: best[k] != null && stats(method, c.key).mean === best[k] })),
    })),
  };
}

/** "0.123 ± 0.045" (3 decimals), "—" where the metric does not apply. */
export function formatStat(s: MetricStats, digits = 3): string {
  return s.mean == null ? '—' : `${s.mean.toFixed(digits)} ± ${(s.std ?? 0).toFixed(digits)}`;
}

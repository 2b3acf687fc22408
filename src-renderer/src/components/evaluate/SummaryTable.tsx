// mean ± std per method × metric, the best of each column marked (the same
// table data as the HTML report: src-main/shared/report/evaluation-table.ts).
import type { EvaluateResult } from '../../../../src-main/api/evaluate-types';
import { formatStat, summaryTable } from '../../../../src-main/shared/report/evaluation-table';

/** `names`: method id → its label (the catalog's); `controls`: the catalog's control ids. */
export function SummaryTable({ result, names, controls }: { result: EvaluateResult; names: Record<string, string>; controls?: readonly string[] }) {
  const t = summaryTable(result, controls);
  return (
    <table className="eval-table" data-testid="evaluate-table" aria-label="Evaluation summary: mean ± std over images">
      <caption className="muted">
        {result.images.length} images · {result.seconds.toFixed(1)} s · best method of each column in bold (controls are never best)
      </caption>
      <thead>
        <tr>
          <th scope="col">method</th>
          {t.columns.map((c) => (
            <th key={c.key} scope="col" title={c.better === 'higher' ? 'higher is better' : 'lower is better'}>
              {c.label} {c.better === 'higher' ? '↑' : '↓'}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {t.rows.map((r) => (
          <tr key={r.method} className={r.control ? 'eval-control' : undefined} data-control={r.control || undefined}>
            <th scope="row" title={r.method}>
              {names[r.method] ?? r.method}
              {r.control && !/control/i.test(names[r.method] ?? '') && <span className="muted"> (control)</span>}
            </th>
            {r.cells.map((c, k) => (
              <td
                key={t.columns[k].key}
                className={c.best ? 'best' : undefined}
                data-testid={`cell-${r.method}-${t.columns[k].key}`}
                data-best={c.best || undefined}
                title={`n = ${c.n}`}
              >
                {formatStat(c)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

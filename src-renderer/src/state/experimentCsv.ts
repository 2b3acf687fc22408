// The experiment log as CSV: one line per (row, reported class), long format,
// so any spreadsheet or dataframe can pivot it; `mask_file` names the PNG the
// mask export writes for that row.
import type { ExperimentRow } from '../../../src-main/api/types';

export const CSV_COLUMNS = [
  'id',
  'time',
  'model',
  'image',
  'width',
  'height',
  'fill',
  'area_pct',
  'target',
  'class',
  'label',
  'logit_before',
  'logit_after',
  'd_logit',
  'prob_before',
  'prob_after',
  'd_prob',
  'mask_file',
] as const;

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Six significant decimals, without trailing zeros or exponent noise for ordinary values. */
export const num = (v: number): string => String(Number(v.toFixed(6)));

const stem = (name: string): string => name.replace(/\.[^.]*$/, '') || 'image';

export function maskFileName(row: Pick<ExperimentRow, 'id' | 'image'>): string {
  return `${stem(row.image)}-${row.id}.mask.png`;
}

export function experimentsCsv(rows: readonly ExperimentRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    for (const c of r.classes) {
      lines.push(
        [
          r.id,
          r.time,
          r.model,
          r.image,
          r.width,
          r.height,
          r.fill,
          num(r.area * 100),
          r.target,
          c.index,
          c.label,
          num(c.logitBefore),
          num(c.logitAfter),
          num(c.dLogit),
          num(c.probBefore),
          num(c.probAfter),
          num(c.dProb),
          maskFileName(r),
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

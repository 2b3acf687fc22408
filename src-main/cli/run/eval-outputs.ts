// evaluate's outputs (evaluation.csv, summary.json, curves.json, the report)
// from its rows alone: one pure function for a run, a resumed run and a merge
// of shards, so all three write the same bytes. Nothing that varies run to
// run (seconds, times, hosts) is in them; that is run.json's.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvaluateResult, EvaluateRow, ImageCurves, MeanCurves, MetricStats } from '../../api/evaluate-types';
import type { ParamValues } from '../../api/types';
import { meanStd } from '../../metrics/maps';
import { evaluationReport } from '../../shared/report/evaluation-report';
import { csvNumber, shortNumber } from '../../shared/report/numbers';

/** One sample's results: its rows (one per method) and its curves. */
export interface EvalEntry {
  id: string;
  rows: EvaluateRow[];
  curves: ImageCurves | null;
}

/** What the outputs say besides the rows (the same for every shard of a run). */
export interface EvalMeta {
  /** The model as opened (its path); `name` as the report titles it. */
  model: string;
  name: string;
  backend: string;
  methods: string[];
  metrics: string[];
  options: ParamValues;
}

const finite = (v: number | null | undefined): number | null => (v != null && Number.isFinite(v) ? v : null);
const noNaN = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
const byId = (a: EvalEntry, b: EvalEntry): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** mean ± std per method and value key over the rows (as summaryOf does over cells). */
function summary(methods: string[], rows: EvaluateRow[]): Record<string, Record<string, MetricStats>> {
  return Object.fromEntries(
    methods.map((m) => {
      const mine = rows.filter((r) => r.method === m);
      const keys = [...new Set(mine.flatMap((r) => Object.keys(r.values)))];
      return [
        m,
        Object.fromEntries(
          keys.map((k) => {
            const s = meanStd(mine.map((r) => r.values[k] ?? NaN));
            return [k, { mean: finite(s.mean), std: finite(s.std), n: s.n }];
          }),
        ),
      ];
    }),
  );
}

/** Mean probability curves per method over the images that have them (as meanCurves does). */
function meanCurves(methods: string[], curves: ImageCurves[]): Record<string, MeanCurves> {
  return Object.fromEntries(
    methods.map((m) => {
      const mean = (kind: 'deletion' | 'insertion'): number[] | undefined => {
        const cs = curves.map((c) => c.methods[m]?.[kind]).filter((c) => c != null);
        return cs.length ? cs[0].probability.map((_, k) => cs.reduce((a, c) => a + (c.probability[k] ?? NaN), 0) / cs.length) : undefined;
      };
      const first = curves[0]?.methods[m];
      const out: MeanCurves = { fraction: first?.deletion?.fraction ?? first?.insertion?.fraction ?? [] };
      const [del, ins] = [mean('deletion'), mean('insertion')];
      if (del) out.deletion = del;
      if (ins) out.insertion = ins;
      return [m, out];
    }),
  );
}

/** The result as the API would have returned it for all these samples, in sorted-id order; seconds 0 (run.json has them). */
export function resultOf(entries: EvalEntry[], meta: EvalMeta): EvaluateResult {
  const sorted = [...entries].sort(byId);
  const rows = sorted.flatMap((e) => e.rows);
  const curves = sorted.map((e) => e.curves).filter((c) => c != null);
  return {
    jobId: 'cli',
    model: meta.name,
    backend: meta.backend,
    images: sorted.map((e) => e.rows[0]?.image ?? e.id),
    methods: meta.methods,
    metrics: meta.metrics,
    options: meta.options,
    rows,
    summary: summary(meta.methods, rows),
    curves: meanCurves(meta.methods, curves),
    imageCurves: curves,
    seconds: 0,
  };
}

export interface EvalFiles {
  csv: string;
  summary: string;
  curves: string;
  report?: string;
}

/** The output files' text, from the entries alone. */
export function evaluationOutputs(
  entries: EvalEntry[],
  meta: EvalMeta,
  withReport: boolean,
): { result: EvaluateResult; text: Record<keyof EvalFiles, string | undefined>; summary: object } {
  const r = resultOf(entries, meta);
  const cols = [...new Set(r.rows.flatMap((row) => Object.keys(row.values)))];
  const csv = [['image', 'method', 'target', 'label', ...cols].join(',')];
  for (const row of r.rows) csv.push([row.image, row.method, row.target, JSON.stringify(row.label), ...cols.map((k) => csvNumber(row.values[k]))].join(','));
  const summaryJson = {
    model: meta.model,
    backend: r.backend,
    images: r.images.length,
    methods: r.methods,
    metrics: r.metrics,
    options: r.options,
    summary: r.summary,
    meanCurves: r.curves,
  };
  return {
    result: r,
    summary: summaryJson,
    text: {
      csv: csv.join('\n') + '\n',
      summary: JSON.stringify(summaryJson, noNaN, 2),
      curves: JSON.stringify(r.imageCurves ?? [], noNaN),
      report: withReport ? evaluationReport(r) : undefined,
    },
  };
}

/** Writes the outputs into `outDir` (the report where --report says); returns the summary with its file paths. */
export async function writeEvaluationOutputs(
  entries: EvalEntry[],
  meta: EvalMeta,
  outDir: string,
  report?: string,
): Promise<{ result: EvaluateResult; json: object }> {
  const { result, text, summary: s } = evaluationOutputs(entries, meta, report != null);
  await mkdir(outDir, { recursive: true });
  const files: EvalFiles = {
    csv: join(outDir, 'evaluation.csv'),
    summary: join(outDir, 'summary.json'),
    curves: join(outDir, 'curves.json'),
    ...(report ? { report } : {}),
  };
  await writeFile(files.csv, text.csv!);
  await writeFile(files.summary, text.summary!);
  await writeFile(files.curves, text.curves!);
  if (files.report) await writeFile(files.report, text.report!);
  return { result, json: { ...s, files } };
}

/** The mean ± std table the CLI prints: one line per method, one column per value key. */
export function tableLines(r: EvaluateResult): string[] {
  const keys = [...new Set(r.rows.flatMap((row) => Object.keys(row.values)))].filter((k) => !k.includes('.'));
  const cell = (id: string, k: string): string => {
    const s = r.summary[id][k];
    return s?.mean != null ? `${shortNumber(s.mean)} ± ${shortNumber(s.std ?? 0)}` : '—';
  };
  // A column as wide as its key (faithfulness-correlation is 24), so headers never run together.
  const w = (k: string): number => Math.max(22, k.length + 2);
  return [
    `${'method'.padEnd(24)}${keys.map((k) => k.padStart(w(k))).join('')}`,
    ...r.methods.map((id) => `${id.padEnd(24)}${keys.map((k) => cell(id, k).padStart(w(k))).join('')}`),
  ];
}

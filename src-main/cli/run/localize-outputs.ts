// `localize --manifest`'s outputs from its rows alone (a run, a resumed run and
// a merge of shards write the same bytes): <out>/localize.csv, one line per
// sample, method and segmenter at full precision, and <out>/localize-summary.json,
// the rows the engine's own aggregation gives over all samples in sorted-id order.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalizeEvalRow, Segmenter } from '../../api/types';
import { localizeRows, type LocalizeSampleScore } from '../../localize/aggregate';
import type { CommandOutputs } from './output-types';

/** One manifest sample's scores (empty where its ground truth turned out empty: nothing to localise). */
export interface LocalizeEntry {
  /** The entry's `file`, as the manifest writes it. */
  id: string;
  results: LocalizeSampleScore[];
}

export interface LocalizeMeta {
  model: string;
  manifest: string;
  /** As the engine resolved them (its defaults filled in), in its row order. */
  methods: string[];
  segmenters: Segmenter[];
}

const byId = (a: LocalizeEntry, b: LocalizeEntry): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const noNaN = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
/** A CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The two files' text and the rows, from the entries alone. */
export function localizeOutputText(entries: LocalizeEntry[], meta: LocalizeMeta): { rows: LocalizeEvalRow[]; csv: string; summary: object } {
  const sorted = [...entries].sort(byId);
  const csv = ['file,method,segmenter,iou,box_iou,pointing'];
  for (const e of sorted)
    for (const r of e.results) csv.push([field(e.id), field(r.method), r.segmenter, String(r.iou), String(r.boxIou), r.pointing ? '1' : '0'].join(','));
  const rows = localizeRows(
    sorted.flatMap((e) => e.results),
    meta.methods,
    meta.segmenters,
  );
  const summary = { model: meta.model, manifest: meta.manifest, samples: sorted.length, methods: meta.methods, segmenters: meta.segmenters, rows };
  return { rows, csv: csv.join('\n') + '\n', summary };
}

/** The table the CLI prints (as localize --manifest always has). */
export function localizeTable(rows: LocalizeEvalRow[]): string[] {
  const f = (v: number, w: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—').padStart(w);
  return [
    'method            segmenter  n  mean IoU  box IoU  pointing',
    ...rows.map(
      (r) =>
        `${r.method.padEnd(17)} ${r.segmenter.padEnd(10)} ${String(r.n).padStart(1)}  ${f(r.meanIou, 8)}  ${f(r.meanBoxIou, 7)}  ${r.pointingHits}/${r.n} (${Number.isFinite(r.pointingRate) ? (100 * r.pointingRate).toFixed(0) : '—'}%)`,
    ),
  ];
}

export const localizeOutputs: CommandOutputs<LocalizeEntry, LocalizeMeta> = {
  async write(entries, meta, outDir) {
    const { rows, csv, summary } = localizeOutputText(entries, meta);
    await mkdir(outDir, { recursive: true });
    const files = { csv: join(outDir, 'localize.csv'), summary: join(outDir, 'localize-summary.json') };
    await writeFile(files.csv, csv);
    await writeFile(files.summary, JSON.stringify(summary, noNaN, 2) + '\n');
    return { json: { ...summary, files }, lines: localizeTable(rows) };
  },
};

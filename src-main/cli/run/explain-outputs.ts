// explain --images' outputs from its rows alone: <out>/explanations.csv (one
// line per image and method), <out>/explanations.json (model, methods, rows)
// and the maps (<out>/maps/…npy/.png, written by the run; merge copies them
// from the shard folder each row came from). Rows name their files relative
// to the output folder and hold nothing run-dependent (no ms, no absolute
// paths), so a run, a resumed run and a merge of shards write the same bytes.
import { csvNumber } from '../../shared/report/numbers';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { StudioError } from '../../api/errors';
import type { ClassScore } from '../../api/types';
import type { TrustLine, TrustValues } from '../../api/trust-card-types';

/** One map of one image: its files (relative to the output folder) and range; with --trust, its card. */
export interface ExplainMapRow {
  id: string;
  npy: string;
  png: string;
  shape: [number, number];
  min: number;
  max: number;
  /** With --dicom-out: its Secondary Capture, relative to that folder (not the output folder). */
  dicom?: string;
  trust?: { values: TrustValues; lines: TrustLine[] };
}

/** One image's row in rows.jsonl. */
export interface ExplainEntry {
  id: string;
  target: ClassScore;
  methods: ExplainMapRow[];
}

/** What the outputs say besides the rows (the same for every shard of a run). */
export interface ExplainMeta {
  model: string;
  name: string;
  backend: string;
  methods: string[];
}

const noNaN = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** A CSV field: quoted (quotes doubled) where it holds a comma, quote or line break. */
const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A row's file, checked to stay inside the output folder (rows.jsonl is a file anyone can edit). */
export function insideOut(rel: string): string {
  const n = normalize(rel);
  if (isAbsolute(rel) || n === '..' || n.startsWith('../') || n.startsWith('..\\'))
    throw new StudioError('bad-request', `rows.jsonl names ${rel}: a map file must be relative to the output folder, inside it`);
  return n;
}

/** The trust values' keys present in any row, in first-seen order (columns `trust.<key>`). */
const trustKeys = (rows: ExplainEntry[]): string[] => [...new Set(rows.flatMap((r) => r.methods.flatMap((m) => Object.keys(m.trust?.values ?? {}))))];

/** The two files' text, from the entries alone (sorted by id). */
export function explanationsText(entries: ExplainEntry[], meta: ExplainMeta): { csv: string; json: string; rows: ExplainEntry[] } {
  const rows = [...entries].sort(byId);
  const tk = trustKeys(rows);
  // The dicom column only where a run wrote captures: other runs' files stay as they were.
  const dicom = rows.some((r) => r.methods.some((m) => m.dicom != null));
  const csv = [
    [
      'image',
      'method',
      'target',
      'label',
      'logit',
      'probability',
      'min',
      'max',
      'npy',
      'png',
      ...(dicom ? ['dicom'] : []),
      ...tk.map((k) => `trust.${k}`),
    ].join(','),
  ];
  for (const r of rows)
    for (const m of r.methods) {
      const tv = (m.trust?.values ?? {}) as unknown as Record<string, number | null | undefined>;
      csv.push(
        [
          csvField(r.id),
          m.id,
          r.target.index,
          JSON.stringify(r.target.label),
          csvNumber(r.target.logit),
          csvNumber(r.target.probability),
          csvNumber(m.min),
          csvNumber(m.max),
          csvField(m.npy),
          csvField(m.png),
          ...(dicom ? [csvField(m.dicom ?? '')] : []),
          ...tk.map((k) => csvNumber(tv[k])),
        ].join(','),
      );
    }
  const json = { model: meta.model, name: meta.name, methods: meta.methods, images: rows.length, rows };
  return { csv: csv.join('\n') + '\n', json: JSON.stringify(json, noNaN, 2) + '\n', rows };
}

// Shaped as outputs.ts' CommandOutputs (not imported: outputs.ts imports this file).
export const explainOutputs = {
  async write(entries: ExplainEntry[], meta: ExplainMeta, outDir: string, opts: { from?: Map<string, string> }): Promise<{ json: unknown; lines: string[] }> {
    const { csv, json, rows } = explanationsText(entries, meta);
    await mkdir(outDir, { recursive: true });
    if (opts.from)
      for (const r of rows) {
        const src = opts.from.get(r.id);
        if (src == null) continue;
        for (const m of r.methods)
          for (const f of [m.npy, m.png]) {
            const rel = insideOut(f);
            await mkdir(dirname(join(outDir, rel)), { recursive: true });
            await copyFile(join(src, rel), join(outDir, rel));
          }
      }
    const files = { csv: join(outDir, 'explanations.csv'), json: join(outDir, 'explanations.json'), maps: join(outDir, 'maps') };
    await writeFile(files.csv, csv);
    await writeFile(files.json, json);
    const n = rows.reduce((a, r) => a + r.methods.length, 0);
    return {
      json: { model: meta.model, backend: meta.backend, methods: meta.methods, images: rows.length, maps: n, files },
      lines: [`${rows.length} images × ${meta.methods.length} methods: ${n} maps`],
    };
  },
};

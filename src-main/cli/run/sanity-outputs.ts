// `sanity --images`' outputs from its rows alone (a run, a resumed run and a
// merge of shards write the same bytes): <out>/sanity.csv (one line per image,
// method and randomisation step), <out>/sanity-summary.json (mean ± std and n
// per method and step over the images) and <out>/sanity.svg (mean |Spearman|
// against the step). Each row names its strips relative to the output folder,
// under strips/; merge's `from` says which shard folder to copy them from.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { StudioError } from '../../api/errors';
import type { SanityMode, SimilarityScores } from '../../api/evaluate-types';
import { meanStd } from '../../metrics/maps';
import { similarityPlotSvg } from '../../sanity/figure';
import { fixed, fmt } from '../sanity-files';
import { sanityFolderReport, SHOWN_IMAGES, type ShownImage } from '../../shared/report/sanity-folder-report';
import type { CommandOutputs } from './output-types';

/** One image's results: the steps, and per method its similarity at each step and its strip. */
export interface SanityEntry {
  id: string;
  target: { index: number; label: string } | null;
  /** The randomisation steps: the layer randomised down to (or alone) and how many layers are randomised. */
  columns: { label: string; layers: number }[];
  /** similarity[method][step] against the trained model's map. */
  similarity: Record<string, SimilarityScores[]>;
  /** strips[method]: the strip PNG, relative to the output folder. */
  strips: Record<string, string>;
}

/** What the outputs say besides the rows (the same for every shard of a run). */
export interface SanityMeta {
  /** The model as opened (its path); `name` as the plot titles it. */
  model: string;
  name: string;
  backend: string;
  mode: SanityMode;
  seed: number;
  methods: string[];
  /** The step labels ("original", then the layers). */
  columns: string[];
}

export const STRIPS_DIR = 'strips';
type Stats = { mean: number | null; std: number | null; n: number };
export interface StepSummary {
  step: number;
  label: string;
  spearman: Stats;
  spearmanAbs: Stats;
  ssim: Stats;
  hog: Stats;
}

/** sanity-summary.json. */
export interface SanitySummaryJson {
  model: string;
  backend: string;
  mode: SanityMode;
  seed: number;
  images: number;
  methods: string[];
  steps: string[];
  summary: Record<string, StepSummary[]>;
}

/** strips/<id without its extension>.<method>.strip.png (ids are posix paths, so sub-folders stay sub-folders). */
export const stripPath = (id: string, method: string): string => `${STRIPS_DIR}/${id.slice(0, id.length - extname(id).length)}.${method}.strip.png`;

/** A strip path from a row, refused unless it stays under strips/ (rows.jsonl is a file like any other). */
function checkedStrip(rel: string): string {
  const parts = rel.split(/[\\/]/);
  if (isAbsolute(rel) || parts[0] !== STRIPS_DIR || parts.some((p) => p === '..' || p === ''))
    throw new StudioError('outside-folder', `a sanity row names the strip "${rel}", which is not under ${STRIPS_DIR}/`);
  return rel;
}

/** A row's strip for the report; a strip gone since its row was written is named, not a raw ENOENT. */
async function readStrip(outDir: string, e: SanityEntry, method: string): Promise<Uint8Array> {
  const rel = checkedStrip(e.strips[method]);
  return readFile(join(outDir, rel)).catch(() => {
    throw new StudioError('not-found', `${rel} (${e.id}, ${method}) is missing from ${outDir}: run again with --fresh to redraw it`);
  });
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
const byId = (a: SanityEntry, b: SanityEntry): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** RFC 4180: a cell with a comma, quote or line break is quoted. */
const cell = (s: string | number): string => (typeof s === 'string' && /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : String(s));

/** mean ± sample std and n per method and step over the images that have a finite value. */
export function sanitySummary(entries: SanityEntry[], meta: SanityMeta): Record<string, StepSummary[]> {
  return Object.fromEntries(
    meta.methods.map((m) => [
      m,
      meta.columns.map((label, k) => {
        const stats = (key: keyof SimilarityScores): Stats => {
          const s = meanStd(entries.map((e) => e.similarity[m]?.[k]?.[key] ?? NaN));
          return { mean: finite(s.mean), std: finite(s.std), n: s.n };
        };
        return { step: k, label, spearman: stats('spearman'), spearmanAbs: stats('spearmanAbs'), ssim: stats('ssim'), hog: stats('hog') };
      }),
    ]),
  );
}

/** The three files' text, from the entries alone (in sorted-id order whatever order they come in). */
export function sanityOutputText(entries: SanityEntry[], meta: SanityMeta): { csv: string; summary: string; svg: string; json: SanitySummaryJson } {
  const sorted = [...entries].sort(byId);
  const csv = ['image,method,step,randomised_down_to,layers_randomised,spearman,spearman_abs,ssim,hog'];
  for (const e of sorted)
    for (const m of meta.methods)
      (e.similarity[m] ?? []).forEach((v, k) => {
        const c = e.columns[k];
        csv.push(
          [cell(e.id), cell(m), k, cell(c?.label ?? meta.columns[k] ?? ''), c?.layers ?? 0, fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(
            ',',
          ),
        );
      });
  const summary = sanitySummary(sorted, meta);
  const json: SanitySummaryJson = {
    model: meta.model,
    backend: meta.backend,
    mode: meta.mode,
    seed: meta.seed,
    images: sorted.length,
    methods: meta.methods,
    steps: meta.columns,
    summary,
  };
  const svg = similarityPlotSvg(
    `${meta.name}: ${meta.mode} randomisation, mean rank correlation of |map| with the trained model's (${sorted.length} images)`,
    meta.columns,
    meta.methods.map((m) => ({ name: m, values: summary[m].map((s) => s.spearmanAbs.mean ?? NaN) })),
  );
  return { csv: csv.join('\n') + '\n', summary: JSON.stringify(json, null, 2), svg, json };
}

/** The mean |Spearman| table the CLI prints: one line per method, one column per step. */
export function sanityLines(json: SanitySummaryJson): string[] {
  return [
    `${'method'.padEnd(20)}${json.steps.map((s) => s.padStart(16)).join('')}   (mean |Spearman| of |map| with the trained model's)`,
    ...json.methods.map(
      (m) => `${m.padEnd(20)}${json.summary[m].map((s) => `${fixed(s.spearmanAbs.mean)} ± ${fixed(s.spearmanAbs.std)}`.padStart(16)).join('')}`,
    ),
  ];
}

export const sanityOutputs: CommandOutputs<SanityEntry, SanityMeta> = {
  report: true,
  async write(entries, meta, outDir, opts) {
    const text = sanityOutputText(entries, meta);
    await mkdir(outDir, { recursive: true });
    for (const e of entries)
      for (const rel of Object.values(e.strips).map(checkedStrip)) {
        const src = opts.from?.get(e.id);
        if (src == null || join(src, rel) === join(outDir, rel)) continue;
        await mkdir(dirname(join(outDir, rel)), { recursive: true });
        await copyFile(join(src, rel), join(outDir, rel));
      }
    const files = {
      csv: join(outDir, 'sanity.csv'),
      summary: join(outDir, 'sanity-summary.json'),
      svg: join(outDir, 'sanity.svg'),
      strips: join(outDir, STRIPS_DIR),
    };
    await writeFile(files.csv, text.csv);
    await writeFile(files.summary, text.summary);
    await writeFile(files.svg, text.svg);
    if (opts.report) {
      // After the strips are in place (a merge has just copied them): the report embeds the first images' strips.
      const shown: ShownImage[] = [];
      for (const e of [...entries].sort(byId).slice(0, SHOWN_IMAGES))
        shown.push({
          id: e.id,
          strips: await Promise.all(meta.methods.filter((m) => e.strips[m]).map(async (m) => ({ method: m, png: await readStrip(outDir, e, m) }))),
        });
      await mkdir(dirname(opts.report), { recursive: true });
      await writeFile(opts.report, sanityFolderReport(text.json, shown));
    }
    return { json: { ...text.json, files: { ...files, ...(opts.report ? { report: opts.report } : {}) } }, lines: sanityLines(text.json) };
  },
};

// bim's outputs (bim-<variant>.csv, bim-<variant>.json) from its rows alone:
// the result is recomputed from the samples' values by the engine's own pure
// aggregator (bim/aggregate.ts), so a run, a resumed run and a merge of shards
// write the same bytes. Rows: one per evaluation sample (`pair-000`…, its
// per-sample values) and, where the run has any, one `whole-run` row with the
// values that are not per sample (objects: TCAV; chest-marker: the accuracies
// on the independent/reversed sets), computed once by whichever shard owns it.
// No times in the files (ms, seconds are run.json's), nor their own paths.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BimObjectsSample, BimResult, BimTcav, BimVariant, ChestMarkerResult, MarkerSample } from '../../api/bim-types';
import { aggregateMarker, aggregateObjects } from '../../bim/aggregate';
import { bimCsv, bimJson, bimTable } from '../../bim/report';
import type { CommandOutputs } from './output-types';

export const WHOLE_RUN_ID = 'whole-run';
/** Sample k's id (3 digits: n ≤ 500), so ids sort in index order. */
export const pairId = (k: number): string => `pair-${String(k).padStart(3, '0')}`;

export interface BimWholeRun {
  id: typeof WHOLE_RUN_ID;
  tcav?: BimTcav | null;
  accuracy?: ChestMarkerResult['accuracy'];
}
export type BimEntry = ({ id: string } & (BimObjectsSample | MarkerSample)) | BimWholeRun;

/** What the outputs say besides the rows (the same for every shard of a run). */
export interface BimMeta {
  backend: string;
  variant: BimVariant;
  methods: string[];
  /** IIR threshold (objects). */
  t: number;
  /** The marker box's share of the image (chest-marker; the same for every image). */
  boxFraction: number;
}

// rows.jsonl holds NaN as null (JSON has no NaN): back to NaN before any arithmetic.
const num = (v: number | null): number => v ?? NaN;
const numbers = <T extends Record<string, number | null>>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, num(v)])) as unknown as T;
const NO_ACCURACY: ChestMarkerResult['accuracy'] = { shortcut: { independent: NaN, reversed: NaN }, clean: { independent: NaN, reversed: NaN } };

/** The result as one engine call over these samples returns it, without its times (or the samples). */
export function bimResultOf(entries: readonly BimEntry[], meta: BimMeta): BimResult {
  const whole = entries.find((e): e is BimWholeRun => e.id === WHOLE_RUN_ID);
  const samples = entries.filter((e) => e.id !== WHOLE_RUN_ID) as ({ id: string } & (BimObjectsSample | MarkerSample))[];
  const methodsOf = <V extends Record<string, number | null>>(m: Record<string, V>): Record<string, V> =>
    Object.fromEntries(Object.entries(m).map(([id, v]) => [id, numbers(v)]));
  if (meta.variant === 'objects') {
    const pairs = (samples as BimObjectsSample[]).map((s): BimObjectsSample => ({
      index: s.index,
      correct: s.correct,
      outputChange: num(s.outputChange),
      methods: s.methods && methodsOf(s.methods),
    }));
    return aggregateObjects(pairs, meta.methods, meta.t, whole?.tcav ?? null);
  }
  const images = (samples as MarkerSample[]).map((s): MarkerSample => ({ index: s.index, methods: methodsOf(s.methods) }));
  return aggregateMarker(images, meta.methods, whole?.accuracy ?? NO_ACCURACY, meta.boxFraction);
}

/** The two files' text. */
export function bimOutputText(entries: readonly BimEntry[], meta: BimMeta): { result: BimResult; csv: string; json: string } {
  const result = bimResultOf(entries, meta);
  return { result, csv: bimCsv(result), json: bimJson({ backend: meta.backend, ...result }, 2) };
}

export const bimOutputs: CommandOutputs<BimEntry, BimMeta> = {
  async write(entries, meta, outDir) {
    const { result, csv, json } = bimOutputText(entries, meta);
    await mkdir(outDir, { recursive: true });
    const files = { csv: join(outDir, `bim-${meta.variant}.csv`), json: join(outDir, `bim-${meta.variant}.json`) };
    await writeFile(files.csv, csv);
    await writeFile(files.json, json);
    return { json: { backend: meta.backend, ...result, files }, lines: bimTable(result).split('\n') };
  },
};

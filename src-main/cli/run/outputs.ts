// Each per-sample command's outputs, written from its rows alone, by name: the
// run itself, a resumed run and `merge` of its shards call the same writer, so
// all three write the same bytes. Rows name their per-sample files relative to
// the output folder (never absolute: a shard's folder is not the merged one's);
// merge passes the folder each row came from, and the writer copies them.
import { type EvalEntry, type EvalMeta, tableLines, writeEvaluationOutputs } from './eval-outputs';
import { localizeOutputs } from './localize-outputs';
import { explainOutputs } from './explain-outputs';
import { sanityOutputs } from './sanity-outputs';
import { bimOutputs } from './bim-outputs';
import type { CommandOutputs } from './output-types';

export type { CommandOutputs, OutputOptions } from './output-types';

const evaluateOutputs: CommandOutputs<EvalEntry, EvalMeta> = {
  report: true,
  async write(entries, meta, outDir, opts) {
    const { result, json } = await writeEvaluationOutputs(entries, meta, outDir, opts.report);
    return { json, lines: tableLines(result) };
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command's row and meta types are its own; merge only passes them through
export const OUTPUTS: Record<string, CommandOutputs<any, any>> = {
  evaluate: evaluateOutputs,
  explain: explainOutputs,
  sanity: sanityOutputs,
  localize: localizeOutputs,
  bim: bimOutputs,
};

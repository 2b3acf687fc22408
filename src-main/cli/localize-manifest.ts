// `localize --manifest m.json --out <dir>` as a job-array task: the samples are
// the manifest entries the engine scores (run/sample-run.ts shards them by the
// entry's `file`), each computed by localizeEvaluate with `files` = that
// sample, so run.json + rows.jsonl make it resumable and `merge` joins shards
// into the same localize.csv and localize-summary.json (run/localize-outputs.ts).
import { dirname, join, resolve } from 'node:path';
import type { PreprocessSpec, Segmenter, StudioBackend } from '../api/types';
import { readManifest, scoredEntries } from '../localize/run';
import { runJob } from './common';
import { ImagesFailed } from './run/exit-codes';
import type { RunFlags } from './run/flags';
import type { LocalizeEntry, LocalizeMeta } from './run/localize-outputs';
import { OUTPUTS } from './run/outputs';
import type { ProgressMode } from './run/progress';
import { runSamples, shardNote } from './run/sample-run';
import type { Sample } from './run/shards';

const DEFAULT_SEGMENTERS: Segmenter[] = ['graphcut', 'threshold'];

export interface ManifestRunSpec {
  argv: string[];
  manifest: string;
  outDir: string;
  modelPath: string;
  preprocess?: Partial<PreprocessSpec>;
  methods: string[];
  segmenters: Segmenter[];
  quantiles: { fgQuantile?: number; bgQuantile?: number };
  flags: RunFlags;
  progress: ProgressMode;
  json: boolean;
}

/** The entries evaluateManifest scores, once each by `file` (a file listed twice is one sample, scored as the engine scores it). */
export async function manifestSamples(manifest: string): Promise<Sample[]> {
  const ids = [...new Set(scoredEntries(await readManifest(manifest)).map((e) => e.file))].sort();
  return ids.map((id) => ({ id, path: join(dirname(manifest), id) }));
}

export async function localizeManifestRun(api: StudioBackend, spec: ManifestRunSpec, out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const manifest = resolve(spec.manifest);
  const all = await manifestSamples(manifest);
  // What determines the rows besides the model and the sample ids.
  const request = { methods: spec.methods, segmenters: spec.segmenters, ...spec.quantiles, preprocess: spec.preprocess };
  // Opened before the session, so a model that cannot open leaves no run.json behind.
  const model = await api.openModel({ path: spec.modelPath, preprocess: spec.preprocess });
  let jobId = '';
  const r = await runSamples<LocalizeEntry, LocalizeMeta>({
    command: 'localize',
    argv: spec.argv,
    outDir: spec.outDir,
    all,
    request,
    modelPath: spec.modelPath,
    flags: spec.flags,
    progress: spec.progress,
    unit: 'samples',
    err,
    cancel: () => void (jobId && api.cancel({ jobId }).catch(() => undefined)),
    async compute(part, k) {
      jobId = `cli-${k}`;
      const res = await runJob(
        api,
        jobId,
        () => undefined,
        () =>
          api.localizeEvaluate({
            jobId,
            modelId: model.id,
            manifest,
            methods: spec.methods,
            segmenters: spec.segmenters,
            ...spec.quantiles,
            files: part.map((s) => s.id),
          }),
      );
      const entries = part.map((s) => ({
        id: s.id,
        results: res.samples
          .filter((x) => x.file === s.id)
          .map(({ method, segmenter, iou, boxIou, pointing }) => ({ method, segmenter, iou, boxIou, pointing })),
      }));
      // The engine's own method and segmenter lists (its defaults filled in), in its row order.
      const meta: LocalizeMeta = {
        model: model.path,
        manifest,
        methods: [...new Set(res.rows.map((x) => x.method))],
        segmenters: [...new Set(res.rows.map((x) => x.segmenter))],
      };
      return { entries, meta };
    },
  });
  // A shard with no samples has no engine result to take the lists from: the engine's defaults.
  const meta = r.meta ?? { model: model.path, manifest, methods: spec.methods, segmenters: spec.segmenters.length ? spec.segmenters : DEFAULT_SEGMENTERS };
  const { json, lines } = await OUTPUTS.localize.write(r.entries, meta, spec.outDir, {});
  if (r.failures.length) throw new ImagesFailed(r.failures);
  if (spec.json) return out(JSON.stringify(json));
  for (const l of lines) out(l);
  out(`${r.entries.length} samples${shardNote(r.shard)}; outputs in ${spec.outDir}`);
}

// `evaluate`: methods × metrics over a folder (or one image). Writes
// <out>/evaluation.csv (one row per image and method), <out>/summary.json
// (mean ± std per method and metric, mean curves) and <out>/curves.json
// (per-image deletion/insertion curves); with --report, a self-contained HTML
// report. Controls (random map, Fake-CAM, Sobel edges) are evaluated beside
// the methods unless --controls none.
// As a job-array task: --shard-index/--num-shards (or Slurm's / Kubernetes'
// index) picks its images; <out>/run.json and <out>/rows.jsonl make it
// resumable after a kill; `merge` joins the shards (run/*.ts).
// Operations: openModel, evaluate (with paths and perImage, chunk by chunk).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { EvaluateRequest, EvaluateResult } from '../api/evaluate-types';
import type { ParamValues } from '../api/types';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { METRIC_PARAMS, METRICS } from '../api/metrics';
import { COMMON_OPTIONS, methodParams, parseList, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';
import type { EvalEntry, EvalMeta } from './run/eval-outputs';
import { ImagesFailed } from './run/exit-codes';
import { OUTPUTS } from './run/outputs';
import { parseProgress } from './run/progress';
import { RUN_OPTIONS, runFlags } from './run/flags';
import { runSamples, shardNote } from './run/sample-run';
import { listSamples, type Sample } from './run/shards';

/**
 * --set pairs split into the metrics' options and the methods' parameters: one
 * flat flag feeds two request fields, so a name that is neither is refused here.
 */
function splitSets(sets: ParamValues, ids: string[], names: (id: string) => string[]): { metric: ParamValues; method: ParamValues } {
  const metricNames = new Set(METRIC_PARAMS.map((p) => p.name));
  const pick = (keep: boolean): ParamValues => Object.fromEntries(Object.entries(sets).filter(([k]) => metricNames.has(k) === keep));
  const method = pick(false);
  const unknown = Object.keys(method).filter((k) => !ids.some((id) => names(id).includes(k)));
  if (unknown.length)
    throw new StudioError(
      'bad-param',
      `--set ${unknown.join(', ')}: no chosen method or metric has ${unknown.length > 1 ? 'these parameters' : 'this parameter'} (metric options: ${METRIC_PARAMS.map((p) => p.name).join(', ')})`,
    );
  return { metric: pick(true), method };
}

/** One evaluate call's result as one entry per image (its rows are the image's methods, in order). */
const entriesOf = (r: EvaluateResult, part: Sample[]): EvalEntry[] =>
  part.map((s, i) => ({ id: s.id, rows: r.rows.slice(i * r.methods.length, (i + 1) * r.methods.length), curves: r.imageCurves?.[i] ?? null }));

export async function evaluateCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      ...RUN_OPTIONS,
      images: { type: 'string' },
      method: { type: 'string', default: 'gradcam' },
      metric: { type: 'string' },
      masks: { type: 'string' },
      controls: { type: 'string', default: DEFAULT_CONTROL_IDS.join(',') },
      target: { type: 'string' },
      layer: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      'image-batch': { type: 'string', default: '8' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const images = requireOpt(values.images, '--images');
  const modelPath = requireOpt(values.model, '--model');
  const controls = values.controls === 'none' ? [] : parseList(values.controls);
  const ids = [...new Set([...parseList(values.method), ...controls])];
  const metrics = values.metric ? parseList(values.metric) : undefined;
  // A flag missing: the mask metrics need --masks (unknown metric ids are the run's to refuse).
  const needMask = (metrics ?? []).filter((m) => METRICS.find((x) => x.id === m)?.needsMask);
  if (!values.masks && needMask.length) throw new StudioError('bad-request', `${needMask.join(', ')} need --masks <dir>`);
  // Its range is the request's to check ("imageBatch").
  const imageBatch = parseNumber(values['image-batch'], '--image-batch', 'a positive integer');
  const target = parseTarget(values.target);
  const preprocess = parsePreprocess(values.preprocess);
  const run = runFlags(values);
  const progress = parseProgress(values.progress, values.json);
  const all = await listSamples(images);
  const { json, lines, shard } = await withBackend(async (api) => {
    const sets = splitSets(parseSets(values.set), ids, await methodParams(api));
    const spec = { methods: ids, metrics, masks: values.masks, options: sets.metric, params: sets.method, layer: values.layer, target, preprocess };
    // Opened before the session, so a model that cannot open leaves no run.json behind.
    const model = await api.openModel({ path: modelPath, preprocess });
    let jobId = '';
    const r = await runSamples<EvalEntry, EvalMeta>({
      command: 'evaluate',
      argv,
      outDir,
      all,
      request: spec,
      modelPath,
      flags: run,
      progress,
      batch: imageBatch,
      err,
      cancel: () => void (jobId && api.cancel({ jobId }).catch(() => undefined)),
      async compute(part, k) {
        jobId = `cli-${k}`;
        const req: EvaluateRequest = { ...spec, jobId, modelId: model.id, paths: part.map((s) => s.path), imageBatch, perImage: true };
        const res = await runJob(
          api,
          jobId,
          () => undefined,
          () => api.evaluate(req),
        );
        const meta = { model: model.path, name: res.model, backend: res.backend, methods: res.methods, metrics: res.metrics, options: res.options };
        return { entries: entriesOf(res, part), meta };
      },
    });
    const written = await OUTPUTS.evaluate.write(r.entries, r.meta ?? fallbackMeta(model.path, ids, metrics), outDir, {
      report: values.report ? resolve(values.report) : undefined,
    });
    if (r.failures.length) throw new ImagesFailed(r.failures);
    return { ...written, shard: r.shard, n: r.entries.length };
  }, values.workers);
  if (values.json) return out(JSON.stringify(json));
  for (const l of lines) out(l);
  out(`${(json as { images: number }).images} images${shardNote(shard)}; outputs in ${outDir}`);
}

/** A shard with no images has no evaluate result to take the metric list from. */
const fallbackMeta = (model: string, methods: string[], metrics: string[] | undefined): EvalMeta => ({
  model,
  name: model,
  backend: '',
  methods,
  metrics: metrics ?? [],
  options: {},
});

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
import { StudioError, toApiError } from '../api/errors';
import type { EvaluateRequest, EvaluateResult } from '../api/evaluate-types';
import type { ParamValues } from '../api/types';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { METRIC_PARAMS, METRICS } from '../api/metrics';
import { COMMON_OPTIONS, methodParams, parseList, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';
import { type EvalEntry, type EvalMeta, writeEvaluationOutputs } from './run/eval-outputs';
import { IMAGE_ERRORS, ImagesFailed } from './run/exit-codes';
import { modelHash, projectVersions, sha256 } from './run/manifest';
import { parseProgress, Progress } from './run/progress';
import { RUN_OPTIONS, runFlags } from './run/flags';
import { openSession } from './run/session';
import { inShard, listSamples, type Sample } from './run/shards';

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
  const progressMode = parseProgress(values.progress, values.json);
  const all = await listSamples(images);
  const mine = inShard(all, run.shard);
  const { result, json } = await withBackend(async (api) => {
    const sets = splitSets(parseSets(values.set), ids, await methodParams(api));
    const spec = { methods: ids, metrics, masks: values.masks, options: sets.metric, params: sets.method, layer: values.layer, target, preprocess };
    const config = {
      command: 'evaluate',
      request: spec as Record<string, unknown>,
      model: await modelHash(modelPath),
      images: sha256(all.map((s) => s.id).join('\n')),
      versions: await projectVersions(),
    };
    const session = await openSession<EvalEntry>(outDir, ['evaluate', ...argv], config, run.shard, mine.length, run.resume);
    const old = session.manifest.meta as EvalMeta | undefined;
    const model = await api.openModel({ path: modelPath, preprocess });
    const seen = new Set(session.rows.map((r) => r.id));
    const entries = session.rows.filter((r) => mine.some((s) => s.id === r.id));
    const todo = mine.filter((s) => !seen.has(s.id));
    const progress = new Progress(progressMode, mine.length, run.shard);
    progress.resumed(entries.length);
    const failures: { id: string; error: string }[] = [];
    let meta: EvalMeta | undefined = old;
    let jobId = '';
    session.onStop(() => void (jobId && api.cancel({ jobId }).catch(() => undefined)));
    const call = async (part: Sample[], k: number): Promise<EvaluateResult> => {
      jobId = `cli-${k}`;
      const req: EvaluateRequest = { ...spec, jobId, modelId: model.id, paths: part.map((s) => s.path), imageBatch, perImage: true };
      return runJob(
        api,
        jobId,
        () => undefined,
        () => api.evaluate(req),
      );
    };
    // In run.json before the first row, so a run killed any time after can be resumed or merged without recomputing it.
    const noteMeta = async (r: EvaluateResult): Promise<void> => {
      if (!meta)
        await session.save({
          meta: (meta = { model: model.path, name: r.model, backend: r.backend, methods: r.methods, metrics: r.metrics, options: r.options }),
        });
    };
    let k = 0;
    try {
      for (let s = 0; s < todo.length; s += imageBatch) {
        session.checkStop();
        const part = todo.slice(s, s + imageBatch);
        let got: EvalEntry[] = [];
        try {
          const r = await call(part, k++);
          await noteMeta(r);
          got = entriesOf(r, part);
        } catch (e) {
          session.checkStop();
          if (!IMAGE_ERRORS.has(toApiError(e).code)) throw e;
          if (!run.keepGoing)
            throw new ImagesFailed([{ id: part.length === 1 ? part[0].id : part.map((p) => p.id).join(' or '), error: toApiError(e).message }]);
          // Which image failed: each alone, keeping the others' rows.
          for (const one of part) {
            try {
              const r1 = await call([one], k++);
              await noteMeta(r1);
              got.push(...entriesOf(r1, [one]));
            } catch (e1) {
              session.checkStop();
              if (!IMAGE_ERRORS.has(toApiError(e1).code)) throw e1;
              failures.push({ id: one.id, error: toApiError(e1).message });
              err(`saliency-studio evaluate: ${one.id}: ${toApiError(e1).message}`);
            }
          }
        }
        for (const g of got) await session.log.append(g);
        entries.push(...got);
        progress.update(entries.length + failures.length);
      }
      progress.end();
    } finally {
      const counts = { expected: mine.length, done: entries.length, failed: failures.length };
      await session.finish({ counts, failures, meta, backend: meta?.backend, complete: counts.done === counts.expected });
    }
    const written = await writeEvaluationOutputs(
      entries,
      meta ?? fallbackMeta(model.path, ids, metrics),
      outDir,
      values.report ? resolve(values.report) : undefined,
    );
    if (failures.length) throw new ImagesFailed(failures);
    return written;
  }, values.workers);
  if (values.json) return out(JSON.stringify(json));
  printTable(result, out);
  out(`${result.images.length} images${run.shard.count > 1 ? ` (shard ${run.shard.index} of ${run.shard.count})` : ''}; outputs in ${outDir}`);
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

export function printTable(r: EvaluateResult, out: (s: string) => void): void {
  const keys = [...new Set(r.rows.flatMap((row) => Object.keys(row.values)))].filter((k) => !k.includes('.'));
  const cell = (id: string, k: string): string => {
    const s = r.summary[id][k];
    return s?.mean != null ? `${s.mean.toFixed(3)} ± ${(s.std ?? 0).toFixed(3)}` : '—';
  };
  out(`${'method'.padEnd(24)}${keys.map((k) => k.padStart(22)).join('')}`);
  for (const id of r.methods) out(`${id.padEnd(24)}${keys.map((k) => cell(id, k).padStart(22)).join('')}`);
}

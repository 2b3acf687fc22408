// `evaluate`: methods × metrics over a folder (or one image). Writes
// <out>/evaluation.csv (one row per image and method), <out>/summary.json
// (mean ± std per method and metric, mean curves) and <out>/curves.json
// (per-image deletion/insertion curves); with --report, a self-contained HTML
// report. Controls (random map, Fake-CAM, Sobel edges) are evaluated beside
// the methods unless --controls none.
//
// The one command that does not call its operation. `evaluate`'s result has
// the mean deletion/insertion curves only, and curves.json needs each image's
// (the API also takes no --image-batch): so the run is evaluation/evaluate-run.ts
// in this process, the code the operation runs. The requests are the
// operations' all the same (openModel's and evaluate's), checked by their rules
// before the run, and the output is formatted from the result's API form. Once
// EvaluateResult carries per-image curves, this becomes api.evaluate(request).
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { EvaluateRequest } from '../api/evaluate-types';
import type { JobProgress, ParamValues } from '../api/types';
import { validateRequest } from '../api/validate';
import { evaluationResult, runEvaluation } from '../evaluation/evaluate-run';
import { fileSource, listImages } from '../evaluation/sources';
import { CancelToken } from '../core/jobs';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { METRIC_PARAMS, METRICS } from '../api/metrics';
import { loadModelFromPath } from '../model/load';
import { evaluationReport } from '../shared/report/evaluation-report';
import { COMMON_OPTIONS, methodParams, parseList, parsePreprocess, parseSets, parseTarget, requireOpt, withBackend } from './common';

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

const fmt = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(Math.round(v * 1e6) / 1e6));
const noNaN = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

export async function evaluateCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
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
  if (!values.masks && needMask.length) throw new StudioError('bad-arg', `${needMask.join(', ')} need --masks <dir>`);
  // --image-batch is this command's own (no request has it), so it is checked here.
  const imageBatch = Number(values['image-batch']);
  if (!Number.isInteger(imageBatch) || imageBatch < 1)
    throw new StudioError('bad-arg', `--image-batch must be a positive integer, got "${values['image-batch']}"`);
  const target = parseTarget(values.target);
  const preprocess = parsePreprocess(values.preprocess);
  const [engineInfo, names] = await withBackend(async (api) => [await api.info(), await methodParams(api)] as const);
  const sets = splitSets(parseSets(values.set), ids, names);
  const files = await listImages(images);
  validateRequest('openModel', { path: modelPath, preprocess });
  // The model is this process's own, not an engine's: the request's modelId names nothing.
  const req: EvaluateRequest = {
    jobId: 'cli',
    modelId: 'cli',
    folder: images,
    methods: ids,
    metrics,
    masks: values.masks,
    options: sets.metric,
    params: sets.method,
    layer: values.layer,
    target,
  };
  validateRequest('evaluate', req);
  const { classifier: model, info } = await loadModelFromPath(modelPath, preprocess);
  let run;
  try {
    let shown = 0;
    const progress = (_d: number, _t: number, _msg?: string, detail?: Pick<JobProgress, 'step'>): void => {
      const step = detail?.step;
      if (!values.json && step && step.done > shown) err(`${(shown = step.done)}/${step.total} ${step.unit}`);
    };
    run = await runEvaluation(model, info, files.map(fileSource), { ...req, imageBatch }, { signal: new CancelToken(), progress });
  } finally {
    model.dispose();
  }
  const api = evaluationResult(run, info, { jobId: 'cli', backend: engineInfo.backend });
  const cols = [...new Set(api.rows.flatMap((r) => Object.keys(r.values)))];
  const csv = [['image', 'method', 'target', 'label', ...cols].join(',')];
  for (const r of api.rows) csv.push([r.image, r.method, r.target, JSON.stringify(r.label), ...cols.map((k) => fmt(r.values[k]))].join(','));
  await mkdir(outDir, { recursive: true });
  const files_ = {
    csv: join(outDir, 'evaluation.csv'),
    summary: join(outDir, 'summary.json'),
    curves: join(outDir, 'curves.json'),
    ...(values.report ? { report: resolve(values.report) } : {}),
  };
  const result = {
    model: info.path,
    backend: engineInfo.backend,
    images: run.rows.length,
    methods: ids,
    metrics: run.metrics,
    options: run.options,
    seconds: api.seconds,
    summary: api.summary,
    meanCurves: api.curves,
    files: files_,
  };
  await writeFile(files_.csv, csv.join('\n') + '\n');
  await writeFile(files_.summary, JSON.stringify(result, noNaN, 2));
  await writeFile(
    files_.curves,
    JSON.stringify(
      run.rows.map((r) => ({ image: r.image, target: r.target, methods: Object.fromEntries(r.cells.map((c, j) => [ids[j], c.curves])) })),
      noNaN,
    ),
  );
  if (files_.report) await writeFile(files_.report, evaluationReport(api));
  if (values.json) {
    out(JSON.stringify(result, noNaN));
    return;
  }
  const keys = cols.filter((k) => !k.includes('.'));
  const cell = (id: string, k: string): string => {
    const s = api.summary[id][k];
    return s?.mean != null ? `${s.mean.toFixed(3)} ± ${(s.std ?? 0).toFixed(3)}` : '—';
  };
  out(`${'method'.padEnd(24)}${keys.map((k) => k.padStart(22)).join('')}`);
  for (const id of ids) out(`${id.padEnd(24)}${keys.map((k) => cell(id, k).padStart(22)).join('')}`);
  out(`${run.rows.length} images in ${api.seconds.toFixed(1)} s; outputs in ${outDir}`);
}

// `evaluate`: methods × metrics over a folder (or one image). Writes
// <out>/evaluation.csv (one row per image and method), <out>/summary.json
// (mean ± std per method and metric, mean curves) and <out>/curves.json
// (per-image deletion/insertion curves); with --report, a self-contained HTML
// report. Controls (random map, Fake-CAM, Sobel edges) are evaluated beside
// the methods unless --controls none.
// Operations: openModel, evaluate (with perImage, for curves.json).
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { EvaluateResult } from '../api/evaluate-types';
import type { ParamValues } from '../api/types';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { METRIC_PARAMS, METRICS } from '../api/metrics';
import { evaluationReport } from '../shared/report/evaluation-report';
import { COMMON_OPTIONS, methodParams, parseList, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';

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
  if (!values.masks && needMask.length) throw new StudioError('bad-request', `${needMask.join(', ')} need --masks <dir>`);
  // Its range is the request's to check ("imageBatch").
  const imageBatch = parseNumber(values['image-batch'], '--image-batch', 'a positive integer');
  const target = parseTarget(values.target);
  const preprocess = parsePreprocess(values.preprocess);
  const { r, path } = await withBackend(async (api) => {
    const sets = splitSets(parseSets(values.set), ids, await methodParams(api));
    const model = await api.openModel({ path: modelPath, preprocess });
    let shown = 0;
    const r = await runJob(
      api,
      'cli',
      // The images finished, from the job's structured progress (JobProgress.step).
      ({ step }) => void (!values.json && step && step.done > shown && err(`${(shown = step.done)}/${step.total} ${step.unit}`)),
      () =>
        api.evaluate({
          jobId: 'cli',
          modelId: model.id,
          folder: images,
          methods: ids,
          metrics,
          masks: values.masks,
          options: sets.metric,
          params: sets.method,
          layer: values.layer,
          target,
          imageBatch,
          perImage: true,
        }),
    );
    return { r, path: model.path };
  }, values.workers);
  await writeOutputs(r, path, outDir, values.report ? resolve(values.report) : undefined, values.json ? out : null);
  if (values.json) return;
  const cols = valueKeys(r);
  const keys = cols.filter((k) => !k.includes('.'));
  const cell = (id: string, k: string): string => {
    const s = r.summary[id][k];
    return s?.mean != null ? `${s.mean.toFixed(3)} ± ${(s.std ?? 0).toFixed(3)}` : '—';
  };
  out(`${'method'.padEnd(24)}${keys.map((k) => k.padStart(22)).join('')}`);
  for (const id of r.methods) out(`${id.padEnd(24)}${keys.map((k) => cell(id, k).padStart(22)).join('')}`);
  out(`${r.images.length} images in ${r.seconds.toFixed(1)} s; outputs in ${outDir}`);
}

/** The CSV's value columns: every metric value key (and ADCC's parts) in the order the rows first have them. */
const valueKeys = (r: EvaluateResult): string[] => [...new Set(r.rows.flatMap((row) => Object.keys(row.values)))];

/** evaluation.csv, summary.json, curves.json and the report; `json` also gets the summary. */
async function writeOutputs(r: EvaluateResult, model: string, outDir: string, report: string | undefined, json: ((s: string) => void) | null): Promise<void> {
  const cols = valueKeys(r);
  const csv = [['image', 'method', 'target', 'label', ...cols].join(',')];
  for (const row of r.rows) csv.push([row.image, row.method, row.target, JSON.stringify(row.label), ...cols.map((k) => fmt(row.values[k]))].join(','));
  await mkdir(outDir, { recursive: true });
  const files = {
    csv: join(outDir, 'evaluation.csv'),
    summary: join(outDir, 'summary.json'),
    curves: join(outDir, 'curves.json'),
    ...(report ? { report } : {}),
  };
  const result = {
    model,
    backend: r.backend,
    images: r.images.length,
    methods: r.methods,
    metrics: r.metrics,
    options: r.options,
    seconds: r.seconds,
    summary: r.summary,
    meanCurves: r.curves,
    files,
  };
  await writeFile(files.csv, csv.join('\n') + '\n');
  await writeFile(files.summary, JSON.stringify(result, noNaN, 2));
  await writeFile(files.curves, JSON.stringify(r.imageCurves ?? [], noNaN));
  if (files.report) await writeFile(files.report, evaluationReport(r));
  json?.(JSON.stringify(result, noNaN));
}

// `evaluate`: methods × metrics over a folder (or one image). Writes
// <out>/evaluation.csv (one row per image and method), <out>/summary.json
// (mean ± std per method and metric, mean curves) and <out>/curves.json
// (per-image deletion/insertion curves); with --report, a self-contained HTML
// report. Controls (random map, Fake-CAM, Sobel edges) are evaluated beside
// the methods unless --controls none. The work itself is
// evaluation/evaluate-run.ts, which the engine's `evaluate` job runs too.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { ParamValues } from '../api/types';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { evaluationResult, runEvaluation } from '../evaluation/evaluate-run';
import { fileSource, listImages } from '../evaluation/sources';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { getMetric, METRIC_PARAMS, METRICS } from '../metrics/registry';
import { getEvalMethod } from '../metrics/controls';
import { loadModelFromPath } from '../model/load';
import { evaluationReport } from '../report/evaluation-report';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

function parseTarget(v: string | undefined): 'top' | number {
  if (v == null || v === 'top') return 'top';
  const n = Number(v);
  if (!Number.isInteger(n)) throw new StudioError('bad-arg', `--target must be "top" or a class index, got "${v}"`);
  return n;
}

/** --set pairs split into the metrics' options and the methods' parameters (unknown names refused). */
function splitSets(sets: ParamValues, ids: string[]): { metric: ParamValues; method: ParamValues } {
  const names = new Set(METRIC_PARAMS.map((p) => p.name));
  const pick = (keep: boolean): ParamValues => Object.fromEntries(Object.entries(sets).filter(([k]) => names.has(k) === keep));
  const method = pick(false);
  const unknown = Object.keys(method).filter((k) => !ids.some((id) => getEvalMethod(id).params.some((p) => p.name === k)));
  if (unknown.length) throw new StudioError('bad-param', `--set ${unknown.join(', ')}: no chosen method or metric has ${unknown.length > 1 ? 'these parameters' : 'this parameter'} (metric options: ${METRIC_PARAMS.map((p) => p.name).join(', ')})`);
  return { metric: pick(true), method };
}

const fmt = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(Math.round(v * 1e6) / 1e6));
const noNaN = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

export async function evaluateCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, images: { type: 'string' }, method: { type: 'string', default: 'gradcam' }, metric: { type: 'string' }, masks: { type: 'string' }, controls: { type: 'string', default: DEFAULT_CONTROL_IDS.join(',') }, target: { type: 'string' }, layer: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, 'image-batch': { type: 'string', default: '8' } },
    strict: true,
  });
  const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
  const outDir = resolve(requireOpt(values.out, '--out'));
  const files = await listImages(requireOpt(values.images, '--images'));
  const controls = values.controls === 'none' ? [] : list(values.controls);
  const ids = [...new Set([...list(values.method), ...controls])];
  ids.forEach(getEvalMethod);
  const metrics = values.metric ? list(values.metric) : METRICS.filter((m) => m.needs !== 'mask' || values.masks).map((m) => m.id);
  metrics.forEach(getMetric);
  if (!values.masks && metrics.some((m) => getMetric(m).needs === 'mask')) throw new StudioError('bad-arg', `${metrics.filter((m) => getMetric(m).needs === 'mask').join(', ')} need --masks <dir>`);
  const imageBatch = Number(values['image-batch']);
  if (!Number.isInteger(imageBatch) || imageBatch < 1) throw new StudioError('bad-arg', `--image-batch must be a positive integer, got "${values['image-batch']}"`);
  const sets = splitSets(parseSets(values.set), ids);
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  let run;
  try {
    let shown = 0;
    const progress = (_d: number, _t: number, msg?: string): void => {
      const m = /^images \d+–(\d+)\/(\d+): done$/.exec(msg ?? '');
      if (!values.json && m && Number(m[1]) > shown) err(`${(shown = Number(m[1]))}/${m[2]} images`);
    };
    run = await runEvaluation(model, info, files.map(fileSource), {
      methods: ids, metrics, masks: values.masks, options: sets.metric, params: sets.method, layer: values.layer, target: parseTarget(values.target), imageBatch,
    }, { signal: new CancelToken(), progress });
  } finally {
    model.dispose();
  }
  const api = evaluationResult(run, info, { jobId: 'cli', backend: engineInfo.backend });
  const cols = [...new Set(api.rows.flatMap((r) => Object.keys(r.values)))];
  const csv = [['image', 'method', 'target', 'label', ...cols].join(',')];
  for (const r of api.rows) csv.push([r.image, r.method, r.target, JSON.stringify(r.label), ...cols.map((k) => fmt(r.values[k]))].join(','));
  await mkdir(outDir, { recursive: true });
  const files_ = { csv: join(outDir, 'evaluation.csv'), summary: join(outDir, 'summary.json'), curves: join(outDir, 'curves.json'), ...(values.report ? { report: resolve(values.report) } : {}) };
  const result = { model: info.path, backend: engineInfo.backend, images: run.rows.length, methods: ids, metrics: run.metrics, options: run.options, seconds: api.seconds, summary: api.summary, meanCurves: api.curves, files: files_ };
  await writeFile(files_.csv, csv.join('\n') + '\n');
  await writeFile(files_.summary, JSON.stringify(result, noNaN, 2));
  await writeFile(files_.curves, JSON.stringify(run.rows.map((r) => ({ image: r.image, target: r.target, methods: Object.fromEntries(r.cells.map((c, j) => [ids[j], c.curves])) })), noNaN));
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

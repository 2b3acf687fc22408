// `evaluate`: methods × metrics over a folder (or one image). Writes
// <out>/evaluation.csv (one row per image and method), <out>/summary.json
// (mean ± std per method and metric, mean curves) and <out>/curves.json
// (per-image deletion/insertion curves). Controls (random map, Fake-CAM,
// Sobel edges) are evaluated beside the methods unless --controls none.
import { readdir, stat, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { ParamValues, PreprocessSpec } from '../api/types';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { resolveParams } from '../explainers/registry';
import { loadImageFile } from '../io/load';
import { DEFAULT_CONTROL_IDS } from '../metrics/controls';
import { type EvalCell, evaluate, type EvaluateOptions, summarise } from '../metrics/evaluate';
import { getMetric, METRIC_PARAMS, METRICS } from '../metrics/registry';
import { evalMethod, modelInput, topClasses } from '../metrics/run-method';
import { loadModelFromPath } from '../model/load';
import { preprocess } from '../model/preprocess';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.gif', '.dcm', '.dicom']);
const isMask = (f: string): boolean => /\.mask\.[^.]+$/i.test(f);

export async function listImages(path: string): Promise<string[]> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new StudioError('not-found', `${path}: no such file or folder`);
  if (st.isFile()) return [path];
  const files = (await readdir(path)).filter((f) => IMAGE_EXT.has(extname(f).toLowerCase()) && !isMask(f)).sort();
  if (!files.length) throw new StudioError('no-images', `${path}: no images (${[...IMAGE_EXT].join(' ')}) in this folder`);
  return files.map((f) => join(path, f));
}

/** <masks>/<stem>.mask.<ext> (or <stem>.<ext> in another folder), as 0/1 at the model input size, resized as the image is; null when absent. */
async function loadMask(dir: string, image: string, h: number, w: number, resize: PreprocessSpec['resize']): Promise<Uint8Array | null> {
  const stem = basename(image, extname(image));
  const names = await readdir(dir).catch(() => {
    throw new StudioError('not-found', `--masks ${dir}: no such folder`);
  });
  const own = names.find((f) => isMask(f) && f.slice(0, f.toLowerCase().lastIndexOf('.mask.')) === stem);
  const hit = own ?? (resolve(dir) !== resolve(dirname(image)) ? names.find((f) => IMAGE_EXT.has(extname(f).toLowerCase()) && basename(f, extname(f)) === stem) : undefined);
  if (!hit) return null;
  const img = await loadImageFile(join(dir, hit));
  const t = tf.tidy(() => preprocess(img, { preset: 'unit', resize }, h, w, 1).greater(0.5));
  const d = await t.data();
  t.dispose();
  return Uint8Array.from(d);
}

function parseTarget(v: string | undefined): 'top' | number {
  if (v == null || v === 'top') return 'top';
  const n = Number(v);
  if (!Number.isInteger(n)) throw new StudioError('bad-arg', `--target must be "top" or a class index, got "${v}"`);
  return n;
}

/** --set pairs split into the metrics' options (validated) and the methods' parameters. */
function splitSets(sets: ParamValues): { metric: ParamValues; method: ParamValues } {
  const names = new Set(METRIC_PARAMS.map((p) => p.name));
  const pick = (keep: boolean): ParamValues => Object.fromEntries(Object.entries(sets).filter(([k]) => names.has(k) === keep));
  return { metric: resolveParams({ id: 'evaluate', label: '', family: 'control', paper: '', needsLayer: false, usesGradients: false, params: [...METRIC_PARAMS] }, pick(true)), method: pick(false) };
}

const fmt = (v: number | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(Math.round(v * 1e6) / 1e6));

export async function evaluateCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, images: { type: 'string' }, method: { type: 'string', default: 'gradcam' }, metric: { type: 'string' }, masks: { type: 'string' }, controls: { type: 'string', default: DEFAULT_CONTROL_IDS.join(',') }, target: { type: 'string' }, layer: { type: 'string' }, out: { type: 'string' }, 'image-batch': { type: 'string', default: '8' } },
    strict: true,
  });
  const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
  const outDir = resolve(requireOpt(values.out, '--out'));
  const files = await listImages(requireOpt(values.images, '--images'));
  const controls = values.controls === 'none' ? [] : list(values.controls);
  const ids = [...new Set([...list(values.method), ...controls])];
  const metrics = values.metric ? list(values.metric) : METRICS.filter((m) => m.needs !== 'mask' || values.masks).map((m) => m.id);
  metrics.forEach(getMetric);
  if (!values.masks && metrics.some((m) => getMetric(m).needs === 'mask')) throw new StudioError('bad-arg', `${metrics.filter((m) => getMetric(m).needs === 'mask').join(', ')} need --masks <dir>`);
  const imageBatch = Number(values['image-batch']);
  if (!Number.isInteger(imageBatch) || imageBatch < 1) throw new StudioError('bad-arg', `--image-batch must be a positive integer, got "${values['image-batch']}"`);
  const sets = splitSets(parseSets(values.set));
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  const runOpts = { layer: values.layer ?? info.defaultLayer, params: sets.method, preprocess: info.preprocess };
  const methods = ids.map((id) => evalMethod(id, model, runOpts));
  for (const m of methods) resolveParams(m.method, Object.fromEntries(Object.entries(sets.method).filter(([k]) => m.method.params.some((p) => p.name === k))));
  const unknown = Object.keys(sets.method).filter((k) => !methods.some((m) => m.method.params.some((p) => p.name === k)));
  if (unknown.length) throw new StudioError('bad-param', `--set ${unknown.join(', ')}: no chosen method or metric has ${unknown.length > 1 ? 'these parameters' : 'this parameter'} (metric options: ${METRIC_PARAMS.map((p) => p.name).join(', ')})`);
  const target = parseTarget(values.target);
  const m = sets.metric;
  const evalOptions: EvaluateOptions = {
    steps: m.steps as number,
    deletionSubstrate: m.deletionSubstrate as string,
    insertionSubstrate: m.insertionSubstrate as string,
    batch: m.batch as number,
    tolerance: m.tolerance as number,
    iouThreshold: (m.iouTopPercent as number) > 0 ? { kind: 'top-percent', value: m.iouTopPercent as number } : { kind: 'fraction-of-max', value: m.iouThreshold as number },
    preprocess: info.preprocess,
  };
  const ctx = { signal: new CancelToken(), progress: () => {} };
  const t0 = performance.now();
  const rows: { image: string; target: number; cells: EvalCell[] }[] = [];
  try {
    for (let s = 0; s < files.length; s += imageBatch) {
      const chunk = files.slice(s, s + imageBatch);
      const inputs: tf.Tensor4D[] = [];
      try {
        const masks: (Uint8Array | null)[] = [];
        for (const f of chunk) {
          const img = await loadImageFile(f);
          inputs.push(modelInput(model, img, info.preprocess));
          masks.push(values.masks ? await loadMask(values.masks, f, model.inputHeight, model.inputWidth, info.preprocess.resize) : null);
        }
        const top = await topClasses(model, inputs);
        const targets = top.map((t) => (target === 'top' ? t : target));
        if (targets.some((t) => t < 0 || t >= model.numClasses)) throw new StudioError('bad-target', `target ${String(target)} is out of range: ${info.name} has ${model.numClasses} classes (0–${model.numClasses - 1})`);
        const images = [];
        for (const [i, input] of inputs.entries()) {
          const maps = [];
          for (const m of methods) maps.push(await m.explain(input, targets[i]));
          images.push({ input, target: targets[i], mask: masks[i], maps });
        }
        const cells = await evaluate(model, images, methods, metrics, evalOptions, ctx);
        cells.forEach((c, i) => rows.push({ image: chunk[i], target: targets[i], cells: c }));
        if (!values.json) err(`${Math.min(files.length, s + imageBatch)}/${files.length} images`);
      } finally {
        tf.dispose(inputs);
      }
    }
  } finally {
    model.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cols = [...new Set(rows.flatMap((r) => r.cells.flatMap((c) => Object.keys(c.values))))];
  const csv = [['image', 'method', 'target', 'label', ...cols].join(',')];
  for (const r of rows) r.cells.forEach((c, j) => csv.push([basename(r.image), ids[j], r.target, JSON.stringify(info.labels?.[r.target] ?? String(r.target)), ...cols.map((k) => fmt(c.values[k]))].join(',')));
  const summary = summarise(ids, rows.map((r) => r.cells));
  const meanCurve = (j: number, kind: 'deletion' | 'insertion'): number[] | undefined => {
    const cs = rows.map((r) => r.cells[j].curves[kind]).filter((c) => c != null);
    return cs.length ? cs[0].probability.map((_, k) => cs.reduce((a, c) => a + c.probability[k], 0) / cs.length) : undefined;
  };
  const curves = Object.fromEntries(ids.map((id, j) => [id, { fraction: rows[0]?.cells[j].curves.deletion?.fraction ?? rows[0]?.cells[j].curves.insertion?.fraction, deletion: meanCurve(j, 'deletion'), insertion: meanCurve(j, 'insertion') }]));
  await mkdir(outDir, { recursive: true });
  const files_ = { csv: join(outDir, 'evaluation.csv'), summary: join(outDir, 'summary.json'), curves: join(outDir, 'curves.json') };
  const result = { model: info.path, backend: engineInfo.backend, images: rows.length, methods: ids, metrics, options: sets.metric, seconds: Math.round(seconds * 100) / 100, summary, meanCurves: curves, files: files_ };
  await writeFile(files_.csv, csv.join('\n') + '\n');
  await writeFile(files_.summary, JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
  await writeFile(files_.curves, JSON.stringify(rows.map((r) => ({ image: basename(r.image), target: r.target, methods: Object.fromEntries(r.cells.map((c, j) => [ids[j], c.curves])) }))));
  if (values.json) {
    out(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
    return;
  }
  const keys = cols.filter((k) => !k.includes('.'));
  out(`${'method'.padEnd(24)}${keys.map((k) => k.padStart(22)).join('')}`);
  for (const id of ids) out(`${id.padEnd(24)}${keys.map((k) => (Number.isFinite(summary[id][k]?.mean) ? `${summary[id][k].mean.toFixed(3)} ± ${summary[id][k].std.toFixed(3)}` : '—').padStart(22)).join('')}`);
  out(`${rows.length} images in ${seconds.toFixed(1)} s; outputs in ${outDir}`);
}

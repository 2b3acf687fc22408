// `sanity`: Adebayo et al.'s model-parameter randomisation test on one image.
// Writes <out>/<stem>.sanity.csv and .json (similarity per method and step),
// <out>/<stem>.<method>.strip.png (the maps across steps) and
// <out>/<stem>.sanity.svg (|Spearman| against the randomised layer).
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { loadImageFile } from '../io/load';
import { modelInput } from '../metrics/run-method';
import { loadModelFromPath } from '../model/load';
import { mapStrip, similarityPlotSvg } from '../sanity/figure';
import { RANDOMISE_MODES, type RandomiseMode } from '../sanity/randomise';
import { modelSanityResult, runModelSanity, sanityMethods } from '../evaluation/sanity-run';
import { sanityReport } from '../report/sanity-report';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';
import { sanityDataCommand } from './sanity-data';

const parseTarget = (v: string | undefined): 'top' | number => (v == null || v === 'top' ? 'top' : Number(v));
const fmt = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '');

export async function sanityCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  // Data randomisation has options of its own (training data, epochs): its own command file.
  if (argv.includes('--mode=data') || argv.some((a, i) => a === '--mode' && argv[i + 1] === 'data')) return sanityDataCommand(argv, out, err);
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, image: { type: 'string' }, method: { type: 'string', default: 'saliency,guided-backprop' }, mode: { type: 'string', default: 'cascading' }, target: { type: 'string' }, layer: { type: 'string' }, seed: { type: 'string', default: '0' }, out: { type: 'string' }, report: { type: 'string' } },
    strict: true,
  });
  const imagePath = requireOpt(values.image, '--image');
  const outDir = resolve(requireOpt(values.out, '--out'));
  if (!(RANDOMISE_MODES as readonly string[]).includes(values.mode)) throw new StudioError('bad-arg', `--mode must be cascading or independent (or data), got "${values.mode}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new StudioError('bad-arg', `--seed must be a non-negative integer, got "${values.seed}"`);
  const params = parseSets(values.set);
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  let x: tf.Tensor4D | null = null;
  try {
    const methods = sanityMethods(values.method.split(',').map((s) => s.trim()).filter(Boolean), params, values.layer, info);
    const ids = methods.map((m) => m.id);
    x = modelInput(model, await loadImageFile(imagePath), info.preprocess);
    const t0 = performance.now();
    const { check: r, target } = await runModelSanity(model, info, x, { mode: values.mode as RandomiseMode, methods, target: parseTarget(values.target), seed }, {
      signal: new CancelToken(),
      progress: (d, t, msg) => void (values.json ? null : err(msg ?? `${d}/${t}`)),
    });
    await mkdir(outDir, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const csv = ['method,step,randomised_down_to,layers_randomised,spearman,spearman_abs,ssim,hog'];
    ids.forEach((id, j) => r.steps.forEach((s, k) => {
      const v = r.similarity[j][k];
      csv.push([id, k, s.label, s.layers.length, fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(','));
    }));
    const files = { csv: join(outDir, `${stem}.sanity.csv`), json: join(outDir, `${stem}.sanity.json`), svg: join(outDir, `${stem}.sanity.svg`), strips: ids.map((id) => join(outDir, `${stem}.${id}.strip.png`)), ...(values.report ? { report: resolve(values.report) } : {}) };
    for (const [j, path] of files.strips.entries()) {
      const s = mapStrip(r.maps[j], r.shape);
      await sharp(s.rgb, { raw: { width: s.width, height: s.height, channels: 3 } }).png().toFile(path);
    }
    await writeFile(files.svg, similarityPlotSvg(`${info.name}: ${r.mode} randomisation, rank correlation of |map| with the trained model's`, r.steps.map((s) => s.label), ids.map((id, j) => ({ name: id, values: r.similarity[j].map((v) => v.spearmanAbs) }))));
    await writeFile(files.csv, csv.join('\n') + '\n');
    const label = info.labels?.[target] ?? String(target);
    if (files.report) await writeFile(files.report, sanityReport(modelSanityResult(r, ids, { jobId: 'cli', model: info.name, backend: engineInfo.backend, seed, seconds: (performance.now() - t0) / 1000, image: basename(imagePath), target: { index: target, label } })));
    const result = {
      model: info.path, image: imagePath, backend: engineInfo.backend, mode: r.mode, seed, target: { index: target, label },
      steps: r.steps, methods: ids.map((id, j) => ({ id, similarity: r.similarity[j] })), files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    await writeFile(files.json, json);
    if (values.json) return out(json);
    out(`${'method'.padEnd(20)}${r.steps.map((s) => s.label.padStart(14)).join('')}   (rank correlation of |map| with the trained model's)`);
    ids.forEach((id, j) => out(`${id.padEnd(20)}${r.similarity[j].map((v) => v.spearmanAbs.toFixed(3).padStart(14)).join('')}`));
    out(`outputs in ${outDir}`);
  } finally {
    x?.dispose();
    model.dispose();
  }
}


// `sanity --mode data`: Adebayo et al.'s data randomisation test. Trains a
// fresh copy of the model's architecture on permuted labels — the demo digits
// (`--data digits`, the mnist package) or a labelled folder (one sub-folder
// per class) — and compares each method's maps on the given model with its
// maps on the copy. Writes <out>/data-randomisation.{json,csv} and
// <out>/<method>.data-randomisation.png (trained | permuted, per image).
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { loadModelFromPath } from '../model/load';
import { dataSanityResult, runDataSanity, sanityMethods } from '../evaluation/sanity-run';
import { sanityReport } from '../report/sanity-report';
import { mapStrip } from '../sanity/figure';
import { imageFiles, loadImages } from '../sanity/labelled-folder';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

const fmt = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '');
const int = (v: string, flag: string, min: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new StudioError('bad-arg', `${flag} must be an integer ≥ ${min}, got "${v}"`);
  return n;
};

export async function sanityDataCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS, mode: { type: 'string' }, data: { type: 'string', default: 'digits' }, images: { type: 'string' }, method: { type: 'string', default: 'saliency,guided-backprop' }, layer: { type: 'string' },
      epochs: { type: 'string', default: '12' }, 'train-limit': { type: 'string', default: '1000' }, 'batch-size': { type: 'string', default: '32' }, lr: { type: 'string', default: '0.003' }, seed: { type: 'string', default: '0' }, out: { type: 'string' }, report: { type: 'string' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const epochs = int(values.epochs, '--epochs', 1);
  const limit = int(values['train-limit'], '--train-limit', 2);
  const batchSize = int(values['batch-size'], '--batch-size', 1);
  const seed = int(values.seed, '--seed', 0);
  const lr = Number(values.lr);
  if (!(lr > 0)) throw new StudioError('bad-arg', `--lr must be a positive number, got "${values.lr}"`);
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  let compare: { x: tf.Tensor4D; names: string[] } | undefined;
  try {
    const methods = sanityMethods(values.method.split(',').map((s) => s.trim()).filter(Boolean), parseSets(values.set), values.layer, info);
    const ids = methods.map((m) => m.id);
    const signal = new CancelToken();
    const progress = (d: number, t: number, msg?: string): void => {
      const b = /batch (\d+)\/(\d+)/.exec(msg ?? '');
      if (!values.json && (!b || b[1] === b[2])) err(msg ?? `${d}/${t}`); // one line per epoch, not per batch
    };
    if (values.images) {
      const files = await imageFiles(values.images);
      compare = { x: await loadImages(files, model, info.preprocess, signal), names: files.map((f) => basename(f)) };
    }
    const t0 = performance.now();
    const run = await runDataSanity(model, info, { methods, data: values.data, compare, epochs, trainLimit: limit, batchSize, learningRate: lr, seed }, { signal, progress });
    const { cmp, names } = run;
    await mkdir(outDir, { recursive: true });
    const files = { json: join(outDir, 'data-randomisation.json'), csv: join(outDir, 'data-randomisation.csv'), strips: ids.map((id) => join(outDir, `${id}.data-randomisation.png`)), ...(values.report ? { report: resolve(values.report) } : {}) };
    for (const [j, path] of files.strips.entries()) {
      const s = mapStrip(cmp.maps[j].flat(), cmp.shape);
      await sharp(s.rgb, { raw: { width: s.width, height: s.height, channels: 3 } }).png().toFile(path);
    }
    const csv = ['method,image,target,spearman,spearman_abs,ssim,hog'];
    ids.forEach((id, j) => cmp.similarity[j].forEach((v, i) => csv.push([id, names[i], cmp.targets[i], fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(','))));
    await writeFile(files.csv, csv.join('\n') + '\n');
    if (files.report) await writeFile(files.report, sanityReport(dataSanityResult(run, ids, { jobId: 'cli', model: info.name, backend: engineInfo.backend, seed, seconds: (performance.now() - t0) / 1000 })));
    const result = {
      model: info.path, backend: engineInfo.backend, data: values.data, seed, epochs, trainImages: run.training.trainImages,
      training: run.training,
      images: names.map((name, i) => ({ name, target: cmp.targets[i] })),
      methods: ids.map((id, j) => ({ id, mean: cmp.mean[j], similarity: cmp.similarity[j] })), files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    await writeFile(files.json, json);
    if (values.json) return out(json);
    const r = run.training;
    out(`permuted-label copy: ${r.trainImages} images × ${epochs} epochs in ${r.seconds.toFixed(1)}s, ${(r.permutedFraction * 100).toFixed(0)}% of labels permuted`);
    out(`  accuracy on its (permuted) training labels ${r.trainAccuracy.toFixed(3)}, on the true labels ${r.trainAccuracyTrue.toFixed(3)}${r.heldOutAccuracy != null ? `, held-out ${r.heldOutAccuracy.toFixed(3)} (given model ${r.trainedModelHeldOutAccuracy!.toFixed(3)})` : ''}`);
    out(`${'method'.padEnd(20)}${'|ρ|'.padStart(8)}${'ρ'.padStart(8)}${'SSIM'.padStart(8)}${'HOG'.padStart(8)}   (mean over ${names.length} images, trained vs permuted-label model)`);
    ids.forEach((id, j) => out(`${id.padEnd(20)}${[cmp.mean[j].spearmanAbs, cmp.mean[j].spearman, cmp.mean[j].ssim, cmp.mean[j].hog].map((v) => v.toFixed(3).padStart(8)).join('')}`));
    out(`outputs in ${outDir}`);
  } finally {
    compare?.x.dispose();
    model.dispose();
  }
}

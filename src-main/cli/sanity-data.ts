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
import { type LabelledSet, accuracy, compareModels, trainPermutedCopy } from '../sanity/data-randomisation';
import { digitsSubsets, digitsTensor } from '../sanity/digits-data';
import { mapStrip } from '../sanity/figure';
import { imageFiles, loadImages, loadLabelledFolder } from '../sanity/labelled-folder';
import { getEvalMethod } from '../metrics/controls';
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
      epochs: { type: 'string', default: '12' }, 'train-limit': { type: 'string', default: '1000' }, 'batch-size': { type: 'string', default: '32' }, lr: { type: 'string', default: '0.003' }, seed: { type: 'string', default: '0' }, out: { type: 'string' },
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
  const methods = evalMethods(values.method, values.set, values.layer);
  const ids = methods.map((m) => m.id);
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  const owned: tf.Tensor[] = [];
  let permuted: { dispose(): void } | null = null;
  try {
    if (!model.layersModel) throw new StudioError('needs-layers-model', `${info.name}: data randomisation re-trains the architecture and needs a LayersModel (this is a ${info.format})`);
    for (const m of methods) if (m.method.needsLayer) m.opts.layer ??= info.defaultLayer;
    const signal = new CancelToken();
    const progress = (d: number, t: number, msg?: string): void => {
      const b = /batch (\d+)\/(\d+)/.exec(msg ?? '');
      if (!values.json && (!b || b[1] === b[2])) err(msg ?? `${d}/${t}`); // one line per epoch, not per batch
    };
    let train: LabelledSet;
    let heldOut: LabelledSet | undefined;
    let compare: tf.Tensor4D;
    let names: string[];
    if (values.data === 'digits') {
      if (model.inputHeight !== 28 || model.inputWidth !== 28 || model.inputChannels !== 1 || model.numClasses !== 10) throw new StudioError('bad-arg', `--data digits needs a 28×28×1 input and 10 classes; ${info.name} has ${model.inputHeight}×${model.inputWidth}×${model.inputChannels} and ${model.numClasses}`);
      const rows = digitsSubsets(limit, 500, seed);
      train = digitsTensor(rows.train);
      const h = digitsTensor(rows.heldOut);
      heldOut = h;
      owned.push(train.x, h.x);
      compare = h.x.slice(0, 6);
      names = Array.from({ length: 6 }, (_, i) => `heldout-${i}-digit${h.labels[i]}`);
    } else {
      const set = await loadLabelledFolder(values.data, model, info.preprocess, info.labels, { limit: Math.ceil(limit / model.numClasses), signal });
      train = set;
      owned.push(set.x);
      const first = set.files.map((_, i) => i).filter((i) => set.labels.indexOf(set.labels[i]) === i); // one image per class
      compare = tf.gather(set.x, first);
      names = first.map((i) => basename(set.files[i]));
    }
    if (values.images) {
      compare.dispose();
      const files = await imageFiles(values.images);
      compare = await loadImages(files, model, info.preprocess, signal);
      names = files.map((f) => basename(f));
    }
    owned.push(compare);
    const trainedTrain = await accuracy(model, train.x, train.labels, { signal, progress: () => {} });
    const trainedHeldOut = heldOut ? await accuracy(model, heldOut.x, heldOut.labels, { signal, progress: () => {} }) : null;
    const run = await trainPermutedCopy(model, train, { epochs, batchSize, learningRate: lr, seed }, { signal, progress }, heldOut);
    permuted = run.classifier;
    const images = Array.from({ length: compare.shape[0] }, (_, i) => compare.slice(i, 1) as tf.Tensor4D);
    owned.push(...images);
    const cmp = await compareModels(model, run.classifier, images, methods.map((m) => ({ ...m, opts: { ...m.opts, preprocess: info.preprocess } })), { signal, progress });
    await mkdir(outDir, { recursive: true });
    const files = { json: join(outDir, 'data-randomisation.json'), csv: join(outDir, 'data-randomisation.csv'), strips: ids.map((id) => join(outDir, `${id}.data-randomisation.png`)) };
    for (const [j, path] of files.strips.entries()) {
      const s = mapStrip(cmp.maps[j].flat(), cmp.shape);
      await sharp(s.rgb, { raw: { width: s.width, height: s.height, channels: 3 } }).png().toFile(path);
    }
    const csv = ['method,image,target,spearman,spearman_abs,ssim,hog'];
    ids.forEach((id, j) => cmp.similarity[j].forEach((v, i) => csv.push([id, names[i], cmp.targets[i], fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(','))));
    await writeFile(files.csv, csv.join('\n') + '\n');
    const result = {
      model: info.path, backend: engineInfo.backend, data: values.data, seed, epochs, trainImages: train.labels.length,
      training: { ...run.report, trainedModelTrainAccuracy: trainedTrain, trainedModelHeldOutAccuracy: trainedHeldOut },
      images: names.map((name, i) => ({ name, target: cmp.targets[i] })),
      methods: ids.map((id, j) => ({ id, mean: cmp.mean[j], similarity: cmp.similarity[j] })), files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    await writeFile(files.json, json);
    if (values.json) return out(json);
    const r = run.report;
    out(`permuted-label copy: ${train.labels.length} images × ${epochs} epochs in ${r.seconds.toFixed(1)}s, ${(r.permutedFraction * 100).toFixed(0)}% of labels permuted`);
    out(`  accuracy on its (permuted) training labels ${r.trainAccuracy.toFixed(3)}, on the true labels ${r.trainAccuracyTrue.toFixed(3)}${r.heldOutAccuracy != null ? `, held-out ${r.heldOutAccuracy.toFixed(3)} (given model ${trainedHeldOut!.toFixed(3)})` : ''}`);
    out(`${'method'.padEnd(20)}${'|ρ|'.padStart(8)}${'ρ'.padStart(8)}${'SSIM'.padStart(8)}${'HOG'.padStart(8)}   (mean over ${names.length} images, trained vs permuted-label model)`);
    ids.forEach((id, j) => out(`${id.padEnd(20)}${[cmp.mean[j].spearmanAbs, cmp.mean[j].spearman, cmp.mean[j].ssim, cmp.mean[j].hog].map((v) => v.toFixed(3).padStart(8)).join('')}`));
    out(`outputs in ${outDir}`);
  } finally {
    tf.dispose(owned);
    permuted?.dispose();
    model.dispose();
  }
}

/** `--method a,b` with `--set k=v` (each method keeps only its own parameters) and `--layer`. */
export function evalMethods(method: string, sets: string[] | undefined, layer: string | undefined) {
  const params = parseSets(sets);
  return method.split(',').map((s) => s.trim()).filter(Boolean).map((id) => {
    const m = getEvalMethod(id);
    return { id, method: m, opts: { layer: m.needsLayer ? (layer ?? null) : null, params: Object.fromEntries(Object.entries(params).filter(([k]) => m.params.some((p) => p.name === k))) } };
  });
}

// `sanity --mode data`: Adebayo et al.'s data randomisation test. Trains a
// fresh copy of the model's architecture on permuted labels — the demo digits
// (`--data digits`, the mnist package) or a labelled folder (one sub-folder
// per class) — and compares each method's maps on the given model with its
// maps on the copy. Writes <out>/data-randomisation.{json,csv} and
// <out>/<method>.data-randomisation.png (trained | permuted, per image).
// Operations: openModel, openImage per --images file, sanity (mode data).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { JobProgress } from '../api/types';
import { sanityReport } from '../shared/report/sanity-report';
import { imageFiles } from '../sanity/labelled-folder';
import { COMMON_OPTIONS, parseList, parseNumber, parsePreprocess, parseSets, requireOpt, runJob, withBackend } from './common';
import { fixed, fmt, writeThumbStrip } from './sanity-files';

export async function sanityDataCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      mode: { type: 'string' },
      data: { type: 'string', default: 'digits' },
      images: { type: 'string' },
      method: { type: 'string', default: 'saliency,guided-backprop' },
      layer: { type: 'string' },
      epochs: { type: 'string', default: '12' },
      'train-limit': { type: 'string', default: '1000' },
      'batch-size': { type: 'string', default: '32' },
      lr: { type: 'string', default: '0.003' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      report: { type: 'string' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  // Integers, their ranges and a positive learning rate are the request's to check.
  const epochs = parseNumber(values.epochs, '--epochs', 'an integer');
  const trainLimit = parseNumber(values['train-limit'], '--train-limit', 'an integer');
  const batchSize = parseNumber(values['batch-size'], '--batch-size', 'an integer');
  const seed = parseNumber(values.seed, '--seed', 'an integer');
  const learningRate = parseNumber(values.lr, '--lr');
  const modelPath = requireOpt(values.model, '--model');
  await withBackend(async (api) => {
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    let imageIds: string[] | undefined;
    if (values.images) {
      const files = await imageFiles(values.images);
      if (!files.length) throw new StudioError('no-images', `${values.images}: no images to compare maps on`);
      imageIds = [];
      for (const path of files) imageIds.push((await api.openImage({ path })).id);
    }
    let epochsShown = 0;
    const progress = (p: JobProgress): void => {
      if (values.json) return;
      // One line per epoch trained, not per batch.
      if (p.phase === 'training') {
        if (!p.step || p.step.done <= epochsShown) return;
        epochsShown = p.step.done;
      }
      err(p.message ?? `${p.done}/${p.total}`);
    };
    const r = await runJob(api, 'cli', progress, () =>
      api.sanity({
        jobId: 'cli',
        modelId: model.id,
        mode: 'data',
        imageIds,
        methods: parseList(values.method),
        params: parseSets(values.set),
        layer: values.layer,
        seed,
        data: values.data,
        epochs,
        trainLimit,
        batchSize,
        learningRate,
      }),
    );
    const ids = r.methods;
    const training = r.training!;
    const names = r.columns.map((c) => c.label);
    const mean = r.mean!;
    await mkdir(outDir, { recursive: true });
    const files = {
      json: join(outDir, 'data-randomisation.json'),
      csv: join(outDir, 'data-randomisation.csv'),
      strips: ids.map((id) => join(outDir, `${id}.data-randomisation.png`)),
      ...(values.report ? { report: resolve(values.report) } : {}),
    };
    // Per method: trained | permuted for each image; the maps are at the model's input size.
    for (const [j, path] of files.strips.entries())
      await writeThumbStrip(
        path,
        r.thumbs[j].flatMap((t, i) => [t, r.permutedThumbs![j][i]]),
        [model.inputHeight, model.inputWidth],
      );
    const csv = ['method,image,target,spearman,spearman_abs,ssim,hog'];
    ids.forEach((id, j) =>
      r.similarity[j].forEach((v, i) => csv.push([id, names[i], r.columns[i].target, fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(','))),
    );
    await writeFile(files.csv, csv.join('\n') + '\n');
    if (files.report) await writeFile(files.report, sanityReport(r));
    const result = {
      model: model.path,
      backend: r.backend,
      data: values.data,
      seed,
      epochs,
      trainImages: training.trainImages,
      training,
      images: r.columns.map((c) => ({ name: c.label, target: c.target })),
      methods: ids.map((id, j) => ({ id, mean: mean[j], similarity: r.similarity[j] })),
      files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    await writeFile(files.json, json);
    if (values.json) return out(json);
    const t = training;
    out(
      `permuted-label copy: ${t.trainImages} images × ${epochs} epochs in ${t.seconds.toFixed(1)}s, ${(t.permutedFraction * 100).toFixed(0)}% of labels permuted`,
    );
    out(
      `  accuracy on its (permuted) training labels ${t.trainAccuracy.toFixed(3)}, on the true labels ${t.trainAccuracyTrue.toFixed(3)}${t.heldOutAccuracy != null ? `, held-out ${t.heldOutAccuracy.toFixed(3)} (given model ${t.trainedModelHeldOutAccuracy!.toFixed(3)})` : ''}`,
    );
    out(
      `${'method'.padEnd(20)}${'|ρ|'.padStart(8)}${'ρ'.padStart(8)}${'SSIM'.padStart(8)}${'HOG'.padStart(8)}   (mean over ${names.length} images, trained vs permuted-label model)`,
    );
    ids.forEach((id, j) =>
      out(`${id.padEnd(20)}${[mean[j].spearmanAbs, mean[j].spearman, mean[j].ssim, mean[j].hog].map((v) => fixed(v).padStart(8)).join('')}`),
    );
    out(`outputs in ${outDir}`);
  }, values.workers);
}

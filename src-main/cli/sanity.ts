// `sanity`: Adebayo et al.'s model-parameter randomisation test on one image.
// Writes <out>/<stem>.sanity.csv and .json (similarity per method and step),
// <out>/<stem>.<method>.strip.png (the maps across steps) and
// <out>/<stem>.sanity.svg (|Spearman| against the randomised layer).
// Operations: openModel, openImage, sanity. `--mode data` is sanity-data.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SanityMode } from '../api/evaluate-types';
import { sanityReport } from '../shared/report/sanity-report';
import { similarityPlotSvg } from '../sanity/figure';
import { COMMON_OPTIONS, parseList, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';
import { sanityDataCommand } from './sanity-data';
import { fixed, fmt, writeThumbStrip } from './sanity-files';

export async function sanityCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  // Data randomisation has options of its own (training data, epochs): its own command file.
  if (argv.includes('--mode=data') || argv.some((a, i) => a === '--mode' && argv[i + 1] === 'data')) return sanityDataCommand(argv, out, err);
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      image: { type: 'string' },
      method: { type: 'string', default: 'saliency,guided-backprop' },
      mode: { type: 'string', default: 'cascading' },
      target: { type: 'string' },
      layer: { type: 'string' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      report: { type: 'string' },
    },
    strict: true,
  });
  const imagePath = requireOpt(values.image, '--image');
  const outDir = resolve(requireOpt(values.out, '--out'));
  const modelPath = requireOpt(values.model, '--model');
  // The mode and the seed's range are the request's to check (api/spec.ts).
  const seed = parseNumber(values.seed, '--seed', 'an integer');
  const target = parseTarget(values.target);
  await withBackend(async (api) => {
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    const image = await api.openImage({ path: imagePath });
    const r = await runJob(
      api,
      'cli',
      (p) => void (values.json ? null : err(p.message ?? `${p.done}/${p.total}`)),
      () =>
        api.sanity({
          jobId: 'cli',
          modelId: model.id,
          imageId: image.id,
          mode: values.mode as SanityMode,
          methods: parseList(values.method),
          params: parseSets(values.set),
          layer: values.layer,
          target,
          seed,
        }),
    );
    const ids = r.methods;
    await mkdir(outDir, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const csv = ['method,step,randomised_down_to,layers_randomised,spearman,spearman_abs,ssim,hog'];
    ids.forEach((id, j) =>
      r.columns.forEach((s, k) => {
        const v = r.similarity[j][k];
        csv.push([id, k, s.label, s.layers?.length ?? 0, fmt(v.spearman), fmt(v.spearmanAbs), fmt(v.ssim), fmt(v.hog)].join(','));
      }),
    );
    const files = {
      csv: join(outDir, `${stem}.sanity.csv`),
      json: join(outDir, `${stem}.sanity.json`),
      svg: join(outDir, `${stem}.sanity.svg`),
      strips: ids.map((id) => join(outDir, `${stem}.${id}.strip.png`)),
      ...(values.report ? { report: resolve(values.report) } : {}),
    };
    // The maps are at the model's input size.
    for (const [j, path] of files.strips.entries()) await writeThumbStrip(path, r.thumbs[j], [model.inputHeight, model.inputWidth]);
    await writeFile(
      files.svg,
      similarityPlotSvg(
        `${model.name}: ${r.mode} randomisation, rank correlation of |map| with the trained model's`,
        r.columns.map((s) => s.label),
        ids.map((id, j) => ({ name: id, values: r.similarity[j].map((v) => v.spearmanAbs ?? NaN) })),
      ),
    );
    await writeFile(files.csv, csv.join('\n') + '\n');
    if (files.report) await writeFile(files.report, sanityReport(r));
    const result = {
      model: model.path,
      image: imagePath,
      backend: r.backend,
      mode: r.mode,
      seed: r.seed,
      target: r.target,
      steps: r.columns,
      methods: ids.map((id, j) => ({ id, similarity: r.similarity[j] })),
      files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    await writeFile(files.json, json);
    if (values.json) return out(json);
    out(`${'method'.padEnd(20)}${r.columns.map((s) => s.label.padStart(14)).join('')}   (rank correlation of |map| with the trained model's)`);
    ids.forEach((id, j) => out(`${id.padEnd(20)}${r.similarity[j].map((v) => fixed(v.spearmanAbs).padStart(14)).join('')}`));
    out(`outputs in ${outDir}`);
  }, values.workers);
}

// `sanity`: Adebayo et al.'s model-parameter randomisation test on one image.
// Writes <out>/<stem>.sanity.csv and .json (similarity per method and step),
// <out>/<stem>.<method>.strip.png (the maps across steps) and
// <out>/<stem>.sanity.svg (|Spearman| against the randomised layer).
// With --images <dir>: every image of the folder, as a sharded, resumable
// job-array task (run/sample-run.ts): <out>/strips/<id>.<method>.strip.png per
// image, and sanity.csv, sanity-summary.json, sanity.svg over them all
// (run/sanity-outputs.ts; `merge` joins the shards); --report, the folder's HTML
// report (shared/report/sanity-folder-report.ts).
// Operations: openModel, openImage, sanity, closeImage. `--mode data` is sanity-data.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { SanityMode, SanityRequest } from '../api/evaluate-types';
import { sanityReport } from '../shared/report/sanity-report';
import { similarityPlotSvg } from '../sanity/figure';
import { COMMON_OPTIONS, parseList, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';
import { ImagesFailed } from './run/exit-codes';
import { RUN_OPTIONS, runFlags } from './run/flags';
import { OUTPUTS } from './run/outputs';
import { parseProgress } from './run/progress';
import { runSamples, shardNote } from './run/sample-run';
import { type SanityEntry, type SanityMeta, type SanitySummaryJson, stripPath } from './run/sanity-outputs';
import { listSamples, type Sample } from './run/shards';
import { sanityDataCommand } from './sanity-data';
import { fixed, fmt, writeThumbStrip } from './sanity-files';

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...RUN_OPTIONS,
  image: { type: 'string' },
  images: { type: 'string' },
  method: { type: 'string', default: 'saliency,guided-backprop' },
  mode: { type: 'string', default: 'cascading' },
  target: { type: 'string' },
  layer: { type: 'string' },
  seed: { type: 'string', default: '0' },
  out: { type: 'string' },
  report: { type: 'string' },
} as const;

export async function sanityCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  // Data randomisation has options of its own (training data, epochs): its own command file.
  if (argv.includes('--mode=data') || argv.some((a, i) => a === '--mode' && argv[i + 1] === 'data')) return sanityDataCommand(argv, out, err);
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  if (values.images != null) return sanityFolder(values, argv, out, err);
  // The job-array flags are a folder run's: one image has no shards, rows or resume.
  const runFlag = Object.keys(RUN_OPTIONS).find((k) => values[k as keyof typeof RUN_OPTIONS] !== undefined && values[k as keyof typeof RUN_OPTIONS] !== false);
  if (runFlag) throw new StudioError('bad-request', `--${runFlag} is for a folder (--images <dir>), not one --image`);
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

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values'];

/** Two images whose ids differ only in their extension would write the same strips. */
function checkStems(all: Sample[]): void {
  const seen = new Map<string, string>();
  for (const s of all) {
    const stem = stripPath(s.id, '');
    const other = seen.get(stem);
    if (other) throw new StudioError('bad-request', `${other} and ${s.id} would share their strips (${stem}…): rename one`);
    seen.set(stem, s.id);
  }
}

/** sanity --images <dir>: each image of the shard as one row, then the folder's outputs from the rows. */
async function sanityFolder(values: Values, argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  if (values.image != null) throw new StudioError('bad-request', '--image and --images: give one');
  const outDir = resolve(requireOpt(values.out, '--out'));
  const modelPath = requireOpt(values.model, '--model');
  const images = requireOpt(values.images, '--images');
  const seed = parseNumber(values.seed, '--seed', 'an integer');
  const target = parseTarget(values.target);
  const preprocess = parsePreprocess(values.preprocess);
  const run = runFlags(values);
  if (values.report != null && run.shard.count > 1)
    throw new StudioError(
      'bad-request',
      '--report in a shard: every shard would write its part over the others; give --report to merge, which sees every shard',
    );
  const progress = parseProgress(values.progress, values.json);
  const all = await listSamples(images);
  checkStems(all);
  // What determines the rows besides the model and the images (the run's configuration hash).
  const spec = {
    mode: values.mode as SanityMode,
    methods: parseList(values.method),
    params: parseSets(values.set),
    layer: values.layer,
    target,
    seed,
    preprocess,
  };
  const { json, lines, shard } = await withBackend(async (api) => {
    // Opened before the session, so a model that cannot open leaves no run.json behind.
    const model = await api.openModel({ path: modelPath, preprocess });
    let jobId = '';
    const r = await runSamples<SanityEntry, SanityMeta>({
      command: 'sanity',
      argv,
      outDir,
      all,
      request: spec,
      modelPath,
      flags: run,
      progress,
      unit: 'images',
      err,
      cancel: () => void (jobId && api.cancel({ jobId }).catch(() => undefined)),
      async compute([s], k) {
        jobId = `cli-${k}`;
        const image = await api.openImage({ path: s.path });
        try {
          const { mode, methods, params, layer } = spec;
          const req: SanityRequest = { jobId, modelId: model.id, imageId: image.id, mode, methods, params, layer, target, seed };
          const res = await runJob(
            api,
            jobId,
            () => undefined,
            () => api.sanity(req),
          );
          // Written before the row is appended: a row always has its strips.
          const strips: Record<string, string> = {};
          for (const [j, m] of res.methods.entries()) {
            strips[m] = stripPath(s.id, m);
            await mkdir(dirname(join(outDir, strips[m])), { recursive: true });
            await writeThumbStrip(join(outDir, strips[m]), res.thumbs[j], [model.inputHeight, model.inputWidth]);
          }
          const entry: SanityEntry = {
            id: s.id,
            target: res.target ?? null,
            columns: res.columns.map((c) => ({ label: c.label, layers: c.layers?.length ?? 0 })),
            similarity: Object.fromEntries(res.methods.map((m, j) => [m, res.similarity[j]])),
            strips,
          };
          const meta: SanityMeta = {
            model: model.path,
            name: model.name,
            backend: res.backend,
            mode: res.mode,
            seed: res.seed,
            methods: res.methods,
            columns: res.columns.map((c) => c.label),
          };
          return { entries: [entry], meta };
        } finally {
          await api.closeImage({ imageId: image.id }).catch(() => undefined);
        }
      },
    });
    // A shard with no images has no result to take the steps from.
    const meta = r.meta ?? { model: model.path, name: model.name, backend: '', mode: spec.mode, seed, methods: spec.methods, columns: [] };
    const written = await OUTPUTS.sanity.write(r.entries, meta, outDir, { report: values.report != null ? resolve(values.report) : undefined });
    if (r.failures.length) throw new ImagesFailed(r.failures);
    return { ...written, shard: r.shard };
  }, values.workers);
  if (values.json) return out(JSON.stringify(json));
  for (const l of lines) out(l);
  out(`${(json as SanitySummaryJson).images} images${shardNote(shard)}; outputs in ${outDir}`);
}

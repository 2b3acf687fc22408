// `localize`: weakly supervised localisation (Simonyan et al. 2013 §4.1) of one
// image, or — with --manifest — IoU and pointing-game scores over a sample set
// with ground-truth masks (the chest-phantom demo), per method and segmenter.
// Operations: openModel, then localizeEvaluate (--manifest), or openImage and
// localize per method and segmenter.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { LocalizeRequest, Segmenter } from '../api/types';
import { validateRequest } from '../api/validate';
import { COMMON_OPTIONS, parseList, parsePreprocess, parseSets, parseTarget, requireOpt, withBackend } from './common';
import { localizeManifestRun } from './localize-manifest';
import { parseProgress } from './run/progress';
import { RUN_OPTIONS, runFlags } from './run/flags';

// The seed quantiles and the manifest's segmenter list are checked here because
// neither operation's rules (api/spec.ts) check them yet, nor does the engine:
// they belong there, and then these go.
function quantiles(params: Record<string, unknown>): { fgQuantile?: number; bgQuantile?: number } {
  const out: { fgQuantile?: number; bgQuantile?: number } = {};
  for (const k of ['fgQuantile', 'bgQuantile'] as const) {
    if (params[k] == null) continue;
    const v = Number(params[k]);
    if (!(v >= 0 && v <= 1)) throw new StudioError('bad-param', `--set ${k} must be in 0…1, got "${String(params[k])}"`);
    out[k] = v;
    delete params[k];
  }
  return out;
}

const checkSegmenters = (segmenters: string[]): void => {
  for (const s of segmenters)
    if (s !== 'graphcut' && s !== 'threshold') throw new StudioError('bad-request', `--segmenter must be graphcut or threshold, got "${s}"`);
};

export async function localizeCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      ...RUN_OPTIONS,
      image: { type: 'string' },
      manifest: { type: 'string' },
      method: { type: 'string', default: 'saliency' },
      segmenter: { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const modelPath = requireOpt(values.model, '--model');
  const methods = parseList(values.method);
  const segmenters = (values.segmenter?.split(',') ?? []).map((s) => s.trim()) as Segmenter[];
  const params = parseSets(values.set);
  const q = quantiles(params);
  const target = parseTarget(values.target);
  // With --out, --manifest is a sharded, resumable run (localize-manifest.ts); without, it prints the table only.
  const sharding = (['shard-index', 'num-shards', 'resume', 'no-resume', 'fresh', 'keep-going'] as const).filter(
    (k) => values[k] != null && values[k] !== false,
  );
  if (sharding.length && !(values.manifest && values.out)) throw new StudioError('bad-request', `--${sharding.join(', --')}: only with --manifest and --out`);
  if (values.manifest && values.out) {
    checkSegmenters(segmenters);
    const spec = {
      argv,
      manifest: values.manifest,
      outDir: resolve(values.out),
      modelPath,
      preprocess: parsePreprocess(values.preprocess),
      methods,
      segmenters,
      quantiles: q,
      flags: runFlags(values),
      progress: parseProgress(values.progress, values.json === true),
      json: values.json === true,
    };
    return withBackend((api) => localizeManifestRun(api, spec, out, err), values.workers);
  }
  await withBackend(async (api) => {
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    if (values.manifest) {
      checkSegmenters(segmenters);
      const r = await api.localizeEvaluate({ jobId: 'cli', modelId: model.id, manifest: resolve(values.manifest), methods, segmenters, ...q });
      if (values.json) return out(JSON.stringify({ model: model.path, manifest: r.manifest, rows: r.rows, samples: r.samples, ms: Math.round(r.ms) }));
      out('method            segmenter  n  mean IoU  box IoU  pointing');
      for (const row of r.rows) {
        out(
          `${row.method.padEnd(17)} ${row.segmenter.padEnd(10)} ${String(row.n).padStart(1)}  ${row.meanIou.toFixed(3).padStart(8)}  ${row.meanBoxIou.toFixed(3).padStart(7)}  ${row.pointingHits}/${row.n} (${(100 * row.pointingRate).toFixed(0)}%)`,
        );
      }
      return;
    }
    const imagePath = requireOpt(values.image, '--image (or --manifest)');
    const outDir = resolve(requireOpt(values.out, '--out'));
    const image = await api.openImage({ path: imagePath });
    const requests: LocalizeRequest[] = methods.flatMap((method) =>
      (segmenters.length ? segmenters : (['graphcut'] as Segmenter[])).map((segmenter) => ({
        jobId: 'cli',
        modelId: model.id,
        imageId: image.id,
        method,
        segmenter,
        target,
        params,
        ...q,
      })),
    );
    // Every request is checked (by the operation's own rules) before the first runs, so a bad --segmenter costs no work.
    for (const req of requests) validateRequest('localize', req);
    await mkdir(outDir, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const results = [];
    for (const req of requests) {
      const { method, segmenter } = req as Required<LocalizeRequest>;
      const r = await api.localize(req);
      const [h, w] = r.shape;
      const maskPng = join(outDir, `${stem}.${method}.${segmenter}.mask.png`);
      await sharp(Buffer.from(r.mask.map((v) => (v ? 255 : 0))), { raw: { width: w, height: h, channels: 1 } })
        .png()
        .toFile(maskPng);
      results.push({
        method,
        segmenter,
        mask: maskPng,
        shape: r.shape,
        box: r.box,
        fgSeeds: r.fgSeeds,
        bgSeeds: r.bgSeeds,
        target: r.target,
        ms: Math.round(r.ms),
        ...(r.truth ? { truth: r.truth } : {}),
      });
      if (!values.json) {
        const t = r.truth ? `; IoU ${r.truth.iou.toFixed(3)}, box IoU ${r.truth.boxIou.toFixed(3)}, pointing ${r.truth.pointing ? 'hit' : 'miss'}` : '';
        out(`${method}/${segmenter}: box ${r.box ? `${r.box.x},${r.box.y} ${r.box.width}×${r.box.height}` : 'none'}${t} -> ${maskPng}`);
      }
    }
    const summary = { model: model.path, image: imagePath, results };
    if (values.json) out(JSON.stringify(summary));
    await writeFile(join(outDir, `${stem}.localize.json`), JSON.stringify(summary, null, 1));
    if (!values.json) err(`summary -> ${join(outDir, `${stem}.localize.json`)}`);
  }, values.workers);
}

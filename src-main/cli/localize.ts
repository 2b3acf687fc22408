// `localize`: weakly supervised localisation (Simonyan et al. 2013 §4.1) of one
// image, or — with --manifest — IoU and pointing-game scores over a sample set
// with ground-truth masks (the chest-phantom demo), per method and segmenter.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { Segmenter } from '../api/types';
import { LocalEngine } from '../engine/engine';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

function quantiles(params: Record<string, unknown>): { fgQuantile?: number; bgQuantile?: number } {
  const out: { fgQuantile?: number; bgQuantile?: number } = {};
  for (const k of ['fgQuantile', 'bgQuantile'] as const) {
    if (params[k] == null) continue;
    const v = Number(params[k]);
    if (!(v >= 0 && v <= 1)) throw new StudioError('bad-arg', `--set ${k} must be in 0…1, got "${String(params[k])}"`);
    out[k] = v;
    delete params[k];
  }
  return out;
}

export async function localizeCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS, image: { type: 'string' }, manifest: { type: 'string' }, method: { type: 'string', default: 'saliency' },
      segmenter: { type: 'string' }, target: { type: 'string' }, out: { type: 'string' },
    },
    strict: true,
  });
  const modelPath = requireOpt(values.model, '--model');
  const methods = values.method.split(',').map((s) => s.trim()).filter(Boolean);
  const segmenters = (values.segmenter?.split(',') ?? []).map((s) => s.trim()) as Segmenter[];
  for (const s of segmenters) if (s !== 'graphcut' && s !== 'threshold') throw new StudioError('bad-arg', `--segmenter must be graphcut or threshold, got "${s}"`);
  const params = parseSets(values.set);
  const q = quantiles(params);
  const target = values.target == null ? undefined : Number(values.target);
  if (target !== undefined && !Number.isInteger(target)) throw new StudioError('bad-arg', `--target must be a class index, got "${values.target}"`);
  const engine = new LocalEngine();
  try {
    const model = await engine.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    if (values.manifest) {
      const r = await engine.localizeEvaluate({ jobId: 'cli', modelId: model.id, manifest: resolve(values.manifest), methods, segmenters, ...q });
      if (values.json) return out(JSON.stringify({ model: model.path, manifest: r.manifest, rows: r.rows, samples: r.samples, ms: Math.round(r.ms) }));
      out('method            segmenter  n  mean IoU  box IoU  pointing');
      for (const row of r.rows) {
        out(`${row.method.padEnd(17)} ${row.segmenter.padEnd(10)} ${String(row.n).padStart(1)}  ${row.meanIou.toFixed(3).padStart(8)}  ${row.meanBoxIou.toFixed(3).padStart(7)}  ${row.pointingHits}/${row.n} (${(100 * row.pointingRate).toFixed(0)}%)`);
      }
      return;
    }
    const imagePath = requireOpt(values.image, '--image (or --manifest)');
    const outDir = resolve(requireOpt(values.out, '--out'));
    const image = await engine.openImage({ path: imagePath });
    await mkdir(outDir, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const results = [];
    for (const method of methods) {
      for (const segmenter of segmenters.length ? segmenters : (['graphcut'] as Segmenter[])) {
        const r = await engine.localize({ jobId: 'cli', modelId: model.id, imageId: image.id, method, segmenter, target: target ?? 'top', params, ...q });
        const [h, w] = r.shape;
        const maskPng = join(outDir, `${stem}.${method}.${segmenter}.mask.png`);
        await sharp(Buffer.from(r.mask.map((v) => (v ? 255 : 0))), { raw: { width: w, height: h, channels: 1 } }).png().toFile(maskPng);
        results.push({ method, segmenter, mask: maskPng, shape: r.shape, box: r.box, fgSeeds: r.fgSeeds, bgSeeds: r.bgSeeds, target: r.target, ms: Math.round(r.ms), ...(r.truth ? { truth: r.truth } : {}) });
        if (!values.json) {
          const t = r.truth ? `; IoU ${r.truth.iou.toFixed(3)}, box IoU ${r.truth.boxIou.toFixed(3)}, pointing ${r.truth.pointing ? 'hit' : 'miss'}` : '';
          out(`${method}/${segmenter}: box ${r.box ? `${r.box.x},${r.box.y} ${r.box.width}×${r.box.height}` : 'none'}${t} -> ${maskPng}`);
        }
      }
    }
    const summary = { model: model.path, image: imagePath, results };
    if (values.json) out(JSON.stringify(summary));
    await writeFile(join(outDir, `${stem}.localize.json`), JSON.stringify(summary, null, 1));
    if (!values.json) err(`summary -> ${join(outDir, `${stem}.localize.json`)}`);
  } finally {
    await engine.close();
  }
}

// `explain`: one model, one image, one or more methods; writes
// <out>/<stem>.<method>.npy (raw float32 [H,W]) and .png (overlay).
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import type { TargetSpec } from '../api/types';
import { LocalEngine } from '../engine/engine';
import { loadImageFile } from '../io/load';
import { encodeNpy } from '../io/npy';
import { writeOverlayPng } from '../io/overlay';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

function parseTarget(v: string | undefined): TargetSpec {
  if (v == null || v === 'top') return 'top';
  const n = Number(v);
  if (!Number.isInteger(n)) throw new StudioError('bad-arg', `--target must be "top" or a class index, got "${v}"`);
  return n;
}

export async function explainCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, image: { type: 'string' }, method: { type: 'string', default: 'saliency' }, target: { type: 'string' }, layer: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const modelPath = requireOpt(values.model, '--model');
  const imagePath = requireOpt(values.image, '--image');
  const outDir = resolve(requireOpt(values.out, '--out'));
  const methods = values.method.split(',').map((s) => s.trim()).filter(Boolean);
  const params = parseSets(values.set);
  const engine = new LocalEngine();
  const info = await engine.info();
  const model = await engine.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
  const image = await engine.openImage({ path: imagePath });
  const decoded = await loadImageFile(imagePath);
  await mkdir(outDir, { recursive: true });
  const stem = basename(imagePath, extname(imagePath));
  const results = [];
  let target = null;
  for (const [i, method] of methods.entries()) {
    const r = await engine.explain({ modelId: model.id, imageId: image.id, method, target: parseTarget(values.target), layer: values.layer ?? null, params, jobId: `cli-${i}` });
    target = r.target;
    const npy = join(outDir, `${stem}.${method}.npy`);
    const png = join(outDir, `${stem}.${method}.png`);
    await writeFile(npy, encodeNpy(r.map, r.shape));
    await writeOverlayPng(png, decoded, r.map, r.shape, { colormap: 'inferno', opacity: 0.6, mode: 'abs' });
    results.push({ id: method, npy, png, shape: r.shape, min: r.min, max: r.max, ms: Math.round(r.ms * 10) / 10, ...(r.extras ? { extras: r.extras } : {}) });
    if (!values.json) err(`${method}: ${r.shape.join('×')} map in ${r.ms.toFixed(0)} ms -> ${npy}`);
  }
  const summary = { model: model.path, image: imagePath, backend: info.backend, target, methods: results };
  if (values.json) out(JSON.stringify(summary));
  else if (target) out(`target ${target.index} (${target.label}) logit ${target.logit.toFixed(4)} p=${target.probability.toFixed(4)}; outputs in ${outDir}`);
  await engine.close();
}

// `visualize-class`: the class model of one target class (Simonyan et al. 2013
// §2) written as a PNG; optionally the run (parameters + S_c history) as JSON.
// Operations: openModel, openImage (with --image), classModel.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { JobProgress } from '../api/types';
import { COMMON_OPTIONS, parseNumber, parsePreprocess, parseSets, parseTarget, requireOpt, runJob, withBackend } from './common';

export async function visualizeClassCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      target: { type: 'string' },
      steps: { type: 'string' },
      lr: { type: 'string' },
      l2: { type: 'string' },
      image: { type: 'string' },
      out: { type: 'string' },
      run: { type: 'string' },
      scale: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const modelPath = requireOpt(values.model, '--model');
  const outPath = resolve(requireOpt(values.out, '--out'));
  const target = parseTarget(requireOpt(values.target, '--target'));
  // The output's scale is the CLI's own: no request checks it.
  const scale = Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) throw new StudioError('bad-request', `--scale must be an integer 1…32, got "${values.scale}"`);
  const params = parseSets(values.set);
  for (const k of ['steps', 'lr', 'l2'] as const) if (values[k] != null) params[k] = parseNumber(values[k], `--${k}`);
  if (values.image && params.init == null) params.init = 'image';
  await withBackend(async (api) => {
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    const image = values.image ? await api.openImage({ path: values.image }) : null;
    let last = -1;
    const progress = (p: JobProgress): void => {
      if (values.json || !p.frame) return;
      const { step, steps } = p.frame;
      const tenth = Math.floor((10 * step) / steps);
      if (tenth !== last) err(`step ${step}/${steps}: S_c ${p.frame.logit.toFixed(3)} p=${p.frame.probability.toFixed(4)}`);
      last = tenth;
    };
    // "top" is no class to visualise: the request's rules refuse it ("target" must be a class index).
    const r = await runJob(api, 'cli', progress, () =>
      api.classModel({ jobId: 'cli', modelId: model.id, target: target as number, imageId: image?.id, params }),
    );
    await mkdir(dirname(outPath), { recursive: true });
    const { rgba, width, height } = r.image;
    await sharp(Buffer.from(rgba), { raw: { width, height, channels: 4 } })
      .resize(width * scale, height * scale, { kernel: 'nearest' })
      .png()
      .toFile(outPath);
    if (values.run)
      await writeFile(resolve(values.run), JSON.stringify({ model: model.path, target: r.target, params: r.params, history: r.history }, null, 1));
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    const summary = {
      model: model.path,
      out: outPath,
      target: { index: r.target.index, label: r.target.label },
      logit: round(r.target.logit),
      probability: round(r.target.probability),
      top: { index: r.top.index, label: r.top.label, probability: round(r.top.probability) },
      steps: r.steps,
      ms: Math.round(r.ms),
    };
    if (values.json) out(JSON.stringify(summary));
    else
      out(
        `class ${r.target.index} (${r.target.label}): S_c ${summary.logit} p=${summary.probability} after ${r.steps} steps (${summary.ms} ms); classified as ${r.top.index} (${r.top.label}); -> ${outPath}`,
      );
  }, values.workers);
}

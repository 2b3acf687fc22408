// The engine's evaluation jobs: requests naming open models and images (or
// files) in, API results out. The engine only lends its models, images and a
// cancel/progress context; the work is evaluate-run.ts, sanity-run.ts and
// tcav-run.ts. The CLI reaches them through these jobs too (engine/in-process.ts).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { EvaluateRequest, EvaluateResult, SanityRequest, SanityResult, TcavApiResult, TcavRequest } from '../api/evaluate-types';
import type { ImageInfo, ModelInfo } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import type { DecodedImage } from '../io/decoded';
import type { Classifier } from '../model/classifier';
import { evaluationResult, runEvaluation } from './evaluate-run';
import { dataSanityResult, modelSanityResult, runDataSanity, runModelSanity, sanityMethods } from './sanity-run';
import { type EvalSource, fileSource, listImages } from './sources';
import { runTcav, tcavApiResult } from './tcav-run';
import { classLabel } from '../shared/class-label';

export interface EvaluationDeps {
  model(id: string): { info: ModelInfo; classifier: Classifier };
  image(id: string): { info: ImageInfo; decoded: DecodedImage };
  /** The model input of an open image (caller disposes). */
  input(modelId: string, imageId: string): tf.Tensor4D;
  backend(): Promise<string>;
}

async function sources(deps: EvaluationDeps, req: EvaluateRequest): Promise<EvalSource[]> {
  const out: EvalSource[] = (req.imageIds ?? []).map((id) => {
    const { info, decoded } = deps.image(id);
    return { name: info.name, path: info.path, load: () => Promise.resolve(decoded) };
  });
  for (const p of req.paths ?? []) out.push(fileSource(p));
  if (req.folder) out.push(...(await listImages(req.folder)).map(fileSource));
  if (!out.length) throw new StudioError('bad-request', 'evaluate needs imageIds, paths or a folder');
  return out;
}

export async function evaluateJob(deps: EvaluationDeps, req: EvaluateRequest, ctx: BatchContext): Promise<EvaluateResult> {
  const { info, classifier } = deps.model(req.modelId);
  if (req.layer && !info.layers.some((l) => l.name === req.layer)) throw new StudioError('unknown-layer', `${info.name} has no layer "${req.layer}"`);
  const run = await runEvaluation(
    classifier,
    info,
    await sources(deps, req),
    {
      methods: req.methods,
      metrics: req.metrics,
      masks: req.masks,
      options: req.options,
      params: req.params,
      layer: req.layer,
      target: req.target,
      imageBatch: req.imageBatch,
    },
    ctx,
  );
  return evaluationResult(run, info, { jobId: req.jobId, backend: await deps.backend(), perImage: req.perImage });
}

const int = (v: number | undefined, dflt: number, min: number, what: string): number => {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < min) throw new StudioError('bad-request', `sanity: "${what}" must be an integer ≥ ${min}`);
  return n;
};

const positive = (v: number | undefined, dflt: number, what: string): number => {
  const n = v ?? dflt;
  if (!(typeof n === 'number' && n > 0 && Number.isFinite(n))) throw new StudioError('bad-request', `sanity: "${what}" must be a positive number`);
  return n;
};

export async function sanityJob(deps: EvaluationDeps, req: SanityRequest, ctx: BatchContext): Promise<SanityResult> {
  const t0 = performance.now();
  const { info, classifier } = deps.model(req.modelId);
  const methods = sanityMethods(req.methods, req.params, req.layer, info);
  const seed = int(req.seed, 0, 0, 'seed');
  const common = () => ({ jobId: req.jobId, model: info.name, seed, seconds: Math.round((performance.now() - t0) / 10) / 100 });
  if (req.mode === 'data') {
    const ids = req.imageIds ?? (req.imageId ? [req.imageId] : []);
    const inputs = ids.map((id) => deps.input(req.modelId, id));
    let compare: { x: tf.Tensor4D; names: string[] } | undefined;
    try {
      if (inputs.length) compare = { x: tf.concat(inputs), names: ids.map((id) => deps.image(id).info.name) };
      const run = await runDataSanity(
        classifier,
        info,
        {
          methods,
          data: req.data ?? 'digits',
          compare,
          seed,
          epochs: int(req.epochs, 12, 1, 'epochs'),
          trainLimit: int(req.trainLimit, 1000, 2, 'trainLimit'),
          batchSize: int(req.batchSize, 32, 1, 'batchSize'),
          learningRate: positive(req.learningRate, 0.003, 'learningRate'),
        },
        ctx,
      );
      return dataSanityResult(run, req.methods, { ...common(), backend: await deps.backend() });
    } finally {
      for (const t of inputs) t.dispose();
      compare?.x.dispose();
    }
  }
  if (req.mode !== 'cascading' && req.mode !== 'independent')
    throw new StudioError('bad-request', `sanity: unknown mode "${String(req.mode)}" (cascading, independent or data)`);
  if (!req.imageId) throw new StudioError('bad-request', 'sanity: "imageId" is required in cascading and independent modes');
  const image = deps.image(req.imageId).info;
  const x = deps.input(req.modelId, req.imageId);
  try {
    const { check, target } = await runModelSanity(classifier, info, x, { mode: req.mode, methods, target: req.target, seed }, ctx);
    return modelSanityResult(check, req.methods, {
      ...common(),
      backend: await deps.backend(),
      image: image.name,
      target: { index: target, label: classLabel(info.labels, target) },
    });
  } finally {
    x.dispose();
  }
}

export async function tcavJob(deps: EvaluationDeps, req: TcavRequest, ctx: BatchContext): Promise<TcavApiResult> {
  const { info, classifier } = deps.model(req.modelId);
  if (req.layer && !info.layers.some((l) => l.name === req.layer)) throw new StudioError('unknown-layer', `${info.name} has no layer "${req.layer}"`);
  const run = await runTcav(classifier, info, req, ctx);
  return tcavApiResult(run, info, { jobId: req.jobId, backend: await deps.backend() });
}

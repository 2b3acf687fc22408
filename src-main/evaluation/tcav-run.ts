// TCAV (tcav/tcav.ts) over image folders, as both the CLI and the engine run
// it: the concept folder, the random sets (sub-folders, or seeded draws from a
// flat pool), the images whose class scores are probed. Tensors are made and
// disposed here.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { TcavApiResult, TcavSpec } from '../api/evaluate-types';

export type { TcavSpec };
import type { BatchContext } from '../explainers/batches';
import type { Classifier } from '../model/classifier';
import { imageFiles, loadImages } from '../sanity/labelled-folder';
import { mulberry32 } from '../shared/random';
import { tcav, type TcavResult } from '../tcav/tcav';
import type { ModelFacts } from './evaluate-run';
import { classLabel } from '../shared/class-label';

/** Random sets as lists of files: sub-folders if there are at least two, else seeded draws from the flat pool. */
export async function randomSets(dir: string, count: number, size: number, seed: number): Promise<string[][]> {
  const subs = (
    await readdir(dir, { withFileTypes: true }).catch(() => {
      throw new StudioError('not-found', `random images ${dir}: no such folder`);
    })
  )
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (subs.length >= 2) {
    if (subs.length < count)
      throw new StudioError('no-images', `random images ${dir} has ${subs.length} set folders, fewer than the ${count} random sets asked for`);
    return Promise.all(subs.slice(0, count).map((s) => imageFiles(join(dir, s))));
  }
  const pool = await imageFiles(dir);
  if (pool.length < 2) throw new StudioError('no-images', `random images ${dir}: needs sub-folders (one per random set) or a pool of images`);
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const a = [...pool];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, Math.min(size, a.length));
  });
}

export interface TcavRun {
  result: TcavResult;
  conceptCount: number;
  randomSizes: number[];
  imageCount: number;
  seconds: number;
}

export async function runTcav(model: Classifier, info: ModelFacts, spec: TcavSpec, ctx: BatchContext): Promise<TcavRun> {
  const R = spec.randomSets ?? 10;
  if (!Number.isInteger(R) || R < 2) throw new StudioError('bad-param', `random sets must be an integer ≥ 2, got ${R}`);
  const alpha = spec.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new StudioError('bad-param', `alpha must be in (0, 1), got ${alpha}`);
  if (spec.lambda != null && !(spec.lambda > 0)) throw new StudioError('bad-param', `lambda must be a positive number, got ${spec.lambda}`);
  const layer = spec.layer ?? info.defaultLayer;
  if (!layer) throw new StudioError('bad-request', `${info.name}: a layer is required (the model has no default layer)`);
  if (!spec.classes.length) throw new StudioError('bad-request', 'TCAV needs at least one class');
  for (const c of spec.classes)
    if (!Number.isInteger(c) || c < 0 || c >= model.numClasses)
      throw new StudioError('bad-target', `class ${c} is out of range: ${info.name} has ${model.numClasses} classes (0–${model.numClasses - 1})`);
  const conceptFiles = await imageFiles(spec.concept);
  if (conceptFiles.length < 2) throw new StudioError('no-images', `concept ${spec.concept}: needs at least 2 images, found ${conceptFiles.length}`);
  const imageList = await imageFiles(spec.images);
  if (!imageList.length) throw new StudioError('no-images', `images ${spec.images}: no images`);
  const sets = await randomSets(spec.random, R, conceptFiles.length, spec.seed ?? 0);
  const owned: tf.Tensor[] = [];
  try {
    const concept = await loadImages(conceptFiles, model, info.preprocess, ctx.signal);
    owned.push(concept);
    const randoms: tf.Tensor4D[] = [];
    for (const s of sets) owned.push(randoms[randoms.push(await loadImages(s, model, info.preprocess, ctx.signal)) - 1]);
    const images = await loadImages(imageList, model, info.preprocess, ctx.signal);
    owned.push(images);
    const t0 = performance.now();
    const result = await tcav(
      model,
      { concept, randoms, images },
      { layer, classes: spec.classes, alpha, hypotheses: spec.bonferroni ? spec.classes.length : 1, lambda: spec.lambda },
      ctx,
    );
    return {
      result,
      conceptCount: conceptFiles.length,
      randomSizes: sets.map((s) => s.length),
      imageCount: imageList.length,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose(owned);
  }
}

/** The API form: NaN/±∞ (a t statistic of identical samples) as null. */
export function tcavApiResult(run: TcavRun, info: ModelFacts, extra: { jobId: string; backend: string }): TcavApiResult {
  const f = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const r = run.result;
  return {
    jobId: extra.jobId,
    model: info.name,
    backend: extra.backend,
    layer: r.layer,
    dim: r.dim,
    alpha: r.alpha,
    concept: run.conceptCount,
    randomSets: run.randomSizes,
    images: run.imageCount,
    seconds: Math.round(run.seconds * 100) / 100,
    cavAccuracy: r.cavAccuracy,
    nullCavAccuracy: r.nullCavAccuracy,
    classes: r.classes.map((c) => ({ ...c, label: classLabel(info.labels, c.target), t: f(c.t), df: f(c.df), p: f(c.p) })),
  };
}

// The BIM benchmark end to end: registry methods over the generated set on the
// committed demo pairs (resources/demo/bim, resources/demo/chest-marker).
// objects: per image three maps — object model on x (its digit), scene model
//   on x and on the twin without the object (its scene) — give MCS, IDR, IIR
//   (metrics.ts); TCAV's MCS comes from tcav-mcs.ts.
// chest-marker: share of each map's mass in the marker box, shortcut vs clean.
// Each evaluation sample k (0…n−1) is computed on its own (req.indices picks
// some) into per-sample values; the result is their aggregate (aggregate.ts),
// so a job array's shards aggregate to the single run's numbers.
// Maps run one at a time through runMethod (explainers/run.ts), with progress and
// cancel between them. The method list and each method's benchmark parameters
// come from the descriptors (MethodDescriptor.bim); CAM layers from the demo
// sidecars (defaultLayer), else the model's automatic one.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  BIM_DEFAULT_N,
  type BimObjectsResult,
  type BimObjectsSample,
  type BimRequest,
  type BimResult,
  type ChestMarkerResult,
  type MarkerSample,
} from '../api/bim-types';
import type { ParamValues } from '../api/types';
import { StudioError } from '../api/errors';
import type { BatchContext } from '../explainers/batches';
import { yieldToLoop } from '../core/jobs';
import { resourcesDir } from '../core/resources';
import { getMethod, METHODS, ownParams } from '../explainers/registry';
import { runMethod } from '../explainers/run';
import type { Classifier } from '../model/classifier';
import { loadModelFromPath } from '../model/load';
import { autoCamLayer } from '../model/split';
import { aggregateMarker, aggregateObjects, checkIndices, isUsed } from './aggregate';
import { evalSamples, heldOutPool } from './dataset';
import type { BimSample } from './generate';
import { MARKER_EVAL_SEED0, MARKER_SIZE, type MarkerPhantom, markerPhantom } from './marker';
import { normaliseAttribution, outputChange, regionAttribution, regionShare } from './metrics';
import { tcavContrast } from './tcav-mcs';
import type { SidecarLayers, BimModels, MarkerModels } from './types';

export type { SidecarLayers, BimModels, MarkerModels };

/** The methods flagged for the benchmark's default list, in registry order. */
export const BIM_DEFAULT_METHODS = METHODS.filter((m) => m.bim?.default).map((m) => m.id);
// Methods may also be the controls (random-map, fake-cam, sobel): they ignore the model, so their MCS is 0 by construction.

/** The benchmark's own defaults where a method's are sized for 224² images or are slow over many maps. */
export const BIM_METHOD_DEFAULTS: Record<string, ParamValues> = Object.fromEntries(METHODS.filter((m) => m.bim?.params).map((m) => [m.id, m.bim!.params!]));

/** A model's CAM layer: its sidecar's, else the model's own automatic one. */
export const camLayer = (models: SidecarLayers, model: Classifier): string | null => models.layers?.get(model) ?? autoCamLayer(model.layers);

async function loadPair<K extends string>(dir: string, keys: readonly [K, K]): Promise<Record<K, Classifier> & SidecarLayers> {
  const loaded = await Promise.all(keys.map((k) => loadModelFromPath(join(resourcesDir(), 'demo', dir, k, 'model.json'))));
  const layers = new Map(loaded.flatMap((m) => (m.info.defaultLayer ? [[m.classifier, m.info.defaultLayer] as const] : [])));
  return { ...(Object.fromEntries(keys.map((k, i) => [k, loaded[i].classifier])) as Record<K, Classifier>), layers };
}

export const loadBimModels = (): Promise<BimModels> => loadPair('bim', ['object', 'scene']);
export const loadMarkerModels = (): Promise<MarkerModels> => loadPair('chest-marker', ['shortcut', 'clean']);

const mean = (v: readonly number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/** Target logits of each image (one batched pass). */
async function targetLogits(
  model: Classifier,
  images: readonly Float32Array[],
  targets: readonly number[],
  hwc: [number, number, number],
): Promise<{ logit: Float32Array; top: Int32Array }> {
  const [l, t] = tf.tidy(() => {
    const x = tf.tensor4d(concat(images), [images.length, ...hwc]);
    const logits = model.logits(x);
    return [tf.sum(tf.mul(logits, tf.oneHot(tf.tensor1d(targets as number[], 'int32'), logits.shape[1])), 1), logits.argMax(1)];
  });
  const out = { logit: (await l.data()) as Float32Array, top: (await t.data()) as Int32Array };
  tf.dispose([l, t]);
  return out;
}

function concat(images: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(images.reduce((n, im) => n + im.length, 0));
  let o = 0;
  for (const im of images) {
    out.set(im, o);
    o += im.length;
  }
  return out;
}

interface Runner {
  map(model: Classifier, image: Float32Array, target: number): Promise<Float32Array>;
}

/** One map per call, counted for progress; the input tensor lives only for the call. */
function runner(methodId: string, params: ParamValues, hwc: [number, number, number], models: SidecarLayers, ctx: BatchContext, tick: () => void): Runner {
  const method = getMethod(methodId);
  const p = ownParams(method, { ...(method.bim?.params ?? {}), ...params });
  return {
    async map(model, image, target) {
      const x = tf.tensor4d(image, [1, ...hwc]);
      try {
        return (await runMethod({ method, model, input: x, target, params: p, layer: method.needsLayer ? camLayer(models, model) : null, signal: ctx.signal }))
          .map;
      } finally {
        x.dispose();
        tick();
        await yieldToLoop();
        ctx.signal.check();
      }
    },
  };
}

/** Target logit and top class of one image (a pass of its own, so a value never depends on which others share the batch). */
async function logitOf(model: Classifier, image: Float32Array, target: number, hwc: [number, number, number]): Promise<{ logit: number; top: number }> {
  const r = await targetLogits(model, [image], [target], hwc);
  return { logit: r.logit[0], top: r.top[0] };
}

export async function runObjects(models: BimModels, req: BimRequest, ctx: BatchContext): Promise<BimObjectsResult> {
  const t0 = performance.now();
  const n = req.n ?? BIM_DEFAULT_N.objects;
  const t = req.t ?? 0.1;
  const methods = req.methods?.length ? req.methods : BIM_DEFAULT_METHODS;
  methods.forEach(getMethod);
  const indices = checkIndices(req.indices, n);
  const pool = heldOutPool();
  const samples: BimSample[] = indices.map((k) => evalSamples(1, k, pool)[0]);
  const size = samples[0]?.size ?? evalSamples(1, 0, pool)[0].size;
  const hwc: [number, number, number] = [size, size, 3];
  const perSample: BimObjectsSample[] = [];
  for (const [i, s] of samples.entries()) {
    const o = await logitOf(models.object, s.image, s.objectLabel, hwc);
    const s1 = await logitOf(models.scene, s.image, s.sceneLabel, hwc);
    const s0 = await logitOf(models.scene, s.scene, s.sceneLabel, hwc);
    const correct = { object: o.top === s.objectLabel, scene: s1.top === s.sceneLabel, sceneWithoutObject: s0.top === s.sceneLabel };
    perSample.push({ index: indices[i], correct, outputChange: outputChange(s0.logit, s1.logit), methods: null });
  }
  // The paper scores correctly classified images only.
  const used = perSample.map((p, i) => [p, i] as const).filter(([p]) => isUsed(p));
  for (const [p] of used) p.methods = {};
  const withTcav = req.wholeRun !== false && req.tcav !== false;
  const total = methods.length * used.length * 3 + (withTcav ? 1 : 0);
  let done = 0;
  const tick = (what: string) => () => ctx.progress(++done, total, what);
  const ms: number[] = [];
  for (const id of methods) {
    const m0 = performance.now();
    const r = runner(id, req.params?.[id] ?? {}, hwc, models, ctx, tick(id));
    for (const [p, i] of used) {
      const s = samples[i];
      const gObject = regionAttribution(normaliseAttribution(await r.map(models.object, s.image, s.objectLabel)), s.region);
      const gScene = regionAttribution(normaliseAttribution(await r.map(models.scene, s.image, s.sceneLabel)), s.region);
      const gWithout = regionAttribution(normaliseAttribution(await r.map(models.scene, s.scene, s.sceneLabel)), s.region);
      p.methods![id] = { gObject, gScene, gWithout };
    }
    ms.push(performance.now() - m0);
  }
  const tcav = withTcav ? await tcavContrast(models, ctx) : null;
  if (withTcav) ctx.progress(++done, total, 'tcav');
  const r = aggregateObjects(perSample, methods, t, tcav);
  return { ...r, rows: r.rows.map((row, i) => ({ ...row, ms: ms[i] })), ms: performance.now() - t0, perSample };
}

const NODULE = 1;
/** Evaluation image k: every one carries the marker; odd ones have a nodule. */
const markedImage = (k: number) => markerPhantom(MARKER_EVAL_SEED0 + k, { nodule: k % 2 === 1, marker: true });

export async function runChestMarker(models: MarkerModels, req: BimRequest, ctx: BatchContext): Promise<ChestMarkerResult> {
  const t0 = performance.now();
  const n = req.n ?? BIM_DEFAULT_N['chest-marker'];
  const methods = req.methods?.length ? req.methods : BIM_DEFAULT_METHODS;
  methods.forEach(getMethod);
  const indices = checkIndices(req.indices, n);
  const size = MARKER_SIZE;
  const hwc: [number, number, number] = [size, size, 1];
  // Target: "nodule", the class the marker stands for in set A.
  const marked = indices.map(markedImage);
  const accuracy = async (model: Classifier, set: MarkerPhantom[]): Promise<number> => {
    const r = await targetLogits(
      model,
      set.map((p) => p.image),
      set.map(() => 0),
      hwc,
    );
    return mean(set.map((p, i) => (r.top[i] === (p.hasNodule ? 1 : 0) ? 1 : 0)));
  };
  const total = methods.length * marked.length * 2;
  let done = 0;
  const perSample: MarkerSample[] = indices.map((index) => ({ index, methods: {} }));
  const ms: number[] = [];
  for (const id of methods) {
    const m0 = performance.now();
    const r = runner(id, req.params?.[id] ?? {}, hwc, models, ctx, () => ctx.progress(++done, total, id));
    for (const [i, p] of marked.entries()) {
      const shareShortcut = regionShare(await r.map(models.shortcut, p.image, NODULE), p.region);
      const shareClean = regionShare(await r.map(models.clean, p.image, NODULE), p.region);
      perSample[i].methods[id] = { shareShortcut, shareClean };
    }
    ms.push(performance.now() - m0);
  }
  let acc: ChestMarkerResult['accuracy'] = { shortcut: { independent: NaN, reversed: NaN }, clean: { independent: NaN, reversed: NaN } };
  if (req.wholeRun !== false) {
    // Accuracy with the marker independent of the label, and with the correlation reversed.
    const accN = 100;
    const indep = Array.from({ length: accN }, (_, i) => markerPhantom(MARKER_EVAL_SEED0 + 100_000 + i, { nodule: i % 2 === 1, marker: 0.5 }));
    const rev = Array.from({ length: accN }, (_, i) => markerPhantom(MARKER_EVAL_SEED0 + 200_000 + i, { nodule: i % 2 === 1, marker: i % 2 === 0 }));
    acc = {
      shortcut: { independent: await accuracy(models.shortcut, indep), reversed: await accuracy(models.shortcut, rev) },
      clean: { independent: await accuracy(models.clean, indep), reversed: await accuracy(models.clean, rev) },
    };
  }
  // The box of image 0 (every marker's box is 14×18 px, L or R), whichever images ran.
  const box = markedImage(0).region;
  const r = aggregateMarker(perSample, methods, acc, box.reduce((s, v) => s + v, 0) / (size * size));
  return { ...r, rows: r.rows.map((row, i) => ({ ...row, ms: ms[i] })), ms: performance.now() - t0, perSample };
}

/** The engine's entry: loads the variant's committed models, runs, disposes them. */
export async function runBim(req: BimRequest, ctx: BatchContext): Promise<BimResult> {
  const variant = req.variant ?? 'objects';
  if (variant !== 'objects' && variant !== 'chest-marker')
    throw new StudioError('bad-request', `bim: variant must be objects or chest-marker, got "${String(variant)}"`);
  if (req.n != null && !(Number.isInteger(req.n) && req.n >= 1 && req.n <= 500))
    throw new StudioError('bad-request', `bim: n must be an integer in 1…500, got ${req.n}`);
  if (variant === 'objects') {
    const models = await loadBimModels();
    try {
      return await runObjects(models, req, ctx);
    } finally {
      models.object.dispose();
      models.scene.dispose();
    }
  }
  const models = await loadMarkerModels();
  try {
    return await runChestMarker(models, req, ctx);
  } finally {
    models.shortcut.dispose();
    models.clean.dispose();
  }
}

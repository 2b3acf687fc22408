// Model-parameter randomisation test (Adebayo et al. 2018): for each method and
// each randomisation step, the map of the randomised model against the map of
// the trained one, for the same input and target class (the trained model's).
// Similarities, as in the paper:
//   spearman     — rank correlation of the raw (signed) maps
//   spearmanAbs  — rank correlation of |map|
//   ssim         — SSIM of |map| scaled by its 99th percentile and clipped to
//                  [0,1] (the paper's visualisation normalisation), data_range 1
//   hog          — Pearson correlation of the HOG features of those same maps
//                  (NaN below 24×24: HOG needs 3×3 cells of 8 px)
// A method that explains the model should fall towards 0 as layers are
// randomised; one that stays near 1 is blind to the parameters.
import { StudioError } from '../api/errors';
import type * as tf from '@tensorflow/tfjs';
import type { BatchContext } from '../explainers/batches';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import type { Classifier } from '../model/classifier';
import { percentile } from '../shared/colormap';
import { hog } from '../metrics/hog';
import { pearson, spearman } from '../metrics/similarity';
import { ssim } from '../metrics/ssim';
import type { RunOptions } from '../metrics/run-method';
import { runMethod } from '../metrics/run-method';
import type { Method } from '../explainers/types';
import { type RandomisationStep, type RandomiseMode, randomisableLayers, randomisationSteps, randomisedClassifier } from '../model/randomise';

export interface SanityMethod {
  id: string;
  method: Method;
  opts?: RunOptions;
}

export interface Similarity {
  spearman: number;
  spearmanAbs: number;
  ssim: number;
  hog: number;
}

export interface SanityResult {
  mode: RandomiseMode;
  steps: RandomisationStep[];
  shape: [number, number];
  /** maps[method][step], raw. */
  maps: Float32Array[][];
  /** similarity[method][step] against step 0 (the trained model). */
  similarity: Similarity[][];
}

/** |map| / its 99th percentile, clipped to [0,1]. */
export function visualNormalise(map: ArrayLike<number>): Float32Array {
  const a = Float32Array.from(map, Math.abs);
  const hi = percentile(a, 99);
  return hi > 0 ? a.map((v) => Math.min(1, v / hi)) : a.fill(0);
}

export function compareMaps(a: Float32Array, b: Float32Array, shape: [number, number]): Similarity {
  const [na, nb] = [visualNormalise(a), visualNormalise(b)];
  const canHog = shape[0] >= 24 && shape[1] >= 24;
  return {
    spearman: spearman(a, b),
    spearmanAbs: spearman(Float32Array.from(a, Math.abs), Float32Array.from(b, Math.abs)),
    ssim: shape[0] >= 7 && shape[1] >= 7 ? ssim(na, nb, shape, { dataRange: 1 }) : NaN,
    hog: canHog ? pearson(hog(na, shape), hog(nb, shape)) : NaN,
  };
}

export interface SanityOptions {
  mode: RandomiseMode;
  seed?: number;
  /** Layers to step through (default: every randomisable layer, top first). */
  layers?: string[];
}

export async function sanityCheck(
  model: Classifier,
  input: tf.Tensor4D,
  target: number,
  methods: readonly SanityMethod[],
  opts: SanityOptions,
  ctx: BatchContext,
): Promise<SanityResult> {
  if (!model.hasKerasWeights) throw new StudioError('unsupported-model', 'sanity checks need a LayersModel');
  const steps = randomisationSteps(opts.layers ?? randomisableLayers(model), opts.mode);
  const shape = input.shape.slice(1, 3) as [number, number];
  // Steps may run in other engine workers (core/share.ts): each randomises its own copy of the model.
  const perStep = await sharedMap(
    steps.length,
    async (s) => {
      const step = steps[s];
      const m = s === 0 ? model : await randomisedClassifier(model, step.layers, opts.seed ?? 0);
      const out: Float32Array[] = [];
      try {
        for (const sm of methods) {
          out.push(await runMethod(sm.method, m, input, target, { ...sm.opts, signal: ctx.signal }));
          await yieldToLoop();
          ctx.signal.check();
        }
      } finally {
        if (m !== model) m.dispose();
      }
      return out;
    },
    {
      onItem: (k, own, s) =>
        ctx.progress(
          own === steps.length ? s + 1 : Math.round((k * steps.length) / own),
          steps.length,
          `randomisation ${s + 1}/${steps.length} (${steps[s].label})`,
        ),
    },
  );
  ctx.signal.check();
  const maps: Float32Array[][] = methods.map((_, j) => perStep.map((ms) => ms[j]));
  const similarity = maps.map((ms) => ms.map((m) => compareMaps(ms[0], m, shape)));
  return { mode: opts.mode, steps, shape, maps, similarity };
}

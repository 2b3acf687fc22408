// The BIM metrics (Yang & Kim 2019), pure functions on maps and numbers.
// Attribution of a region: the map is made comparable across methods and
// models first — |map| over its 99th percentile, clipped to [0,1] (what the
// `saliency` library's VisualizeImageGrayscale does, which the BIM code uses) —
// then g = the mean of that normalised map inside the region.
//   MCS = (1/N) Σ [g_object-model(x) − g_scene-model(x)]    on the object region
//   IDR = fraction of pairs with g(x with object) < g(x without), scene model
//   IIR = fraction of functionally-insensitive pairs (model output changes
//         < t) with |g(x') − g(x)| / g(x) < t, t = 10%
// The marker share of the chest variant is different on purpose: the share of
// the whole |map| mass inside a small box (sum-to-1), so one hot pixel in the
// box does not count as "looking at" it.
import { StudioError } from '../api/errors';

/** |map| divided by its `percentile`-th percentile, clipped to [0,1]. An all-zero map stays zero. */
export function normaliseAttribution(map: ArrayLike<number>, percentile = 99): Float32Array {
  const abs = Float32Array.from(map, Math.abs);
  const sorted = Float32Array.from(abs).sort();
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1));
  let v = sorted[k];
  if (!(v > 0)) v = sorted[sorted.length - 1]; // sparse maps: fall back to the maximum
  if (!(v > 0)) return abs.fill(0);
  for (let i = 0; i < abs.length; i++) abs[i] = Math.min(1, abs[i] / v);
  return abs;
}

/** Mean of `norm` over the pixels where `region` is 1 (NaN for an empty region). */
export function regionAttribution(norm: ArrayLike<number>, region: ArrayLike<number>): number {
  if (norm.length !== region.length) throw new StudioError('internal', `regionAttribution: map has ${norm.length} pixels, region ${region.length}`);
  let s = 0;
  let n = 0;
  for (let i = 0; i < norm.length; i++) {
    if (region[i]) {
      s += norm[i];
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Share of the |map| mass inside `region` (0 for an all-zero map). */
export function regionShare(map: ArrayLike<number>, region: ArrayLike<number>): number {
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    const a = Math.abs(map[i]);
    total += a;
    if (region[i]) inside += a;
  }
  return total > 0 ? inside / total : 0;
}

const mean = (v: readonly number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/** MCS: mean of g_object − g_scene over the paired images. */
export function modelContrastScore(gObject: readonly number[], gScene: readonly number[]): number {
  if (gObject.length !== gScene.length) throw new StudioError('internal', 'modelContrastScore: unpaired inputs');
  return mean(gObject.map((g, i) => g - gScene[i]));
}

/** IDR: fraction of pairs where the region gets less attribution with the (unimportant) object than without it. */
export function inputDependenceRate(gWith: readonly number[], gWithout: readonly number[]): number {
  if (gWith.length !== gWithout.length) throw new StudioError('internal', 'inputDependenceRate: unpaired inputs');
  return mean(gWith.map((g, i) => (g < gWithout[i] ? 1 : 0)));
}

/** Relative change of the target logit between x and x': the functional-insensitivity test. */
export function outputChange(before: number, after: number): number {
  const d = Math.abs(after - before);
  return d === 0 ? 0 : d / Math.max(Math.abs(before), 1e-12);
}

/**
 * IIR over the pairs the model is insensitive to (`insensitive[i]`); NaN when
 * there are none. A pair passes when the region's attribution changes by less
 * than `t` relative to x; two zeros count as unchanged.
 */
export function inputIndependenceRate(
  gWith: readonly number[],
  gWithout: readonly number[],
  insensitive: readonly boolean[],
  t = 0.1,
): { rate: number; pairs: number } {
  if (gWith.length !== gWithout.length || gWith.length !== insensitive.length) throw new StudioError('internal', 'inputIndependenceRate: unpaired inputs');
  const pass: number[] = [];
  gWith.forEach((g, i) => {
    if (!insensitive[i]) return;
    const base = gWithout[i];
    const rel = g === base ? 0 : Math.abs(g - base) / Math.abs(base);
    pass.push(rel < t ? 1 : 0);
  });
  return { rate: mean(pass), pairs: pass.length };
}

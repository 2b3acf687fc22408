// Localisation against a ground-truth mask (row-major [h,w], nonzero = object),
// both at the model-input resolution. Each returns NaN when the mask is empty:
// there is nothing to localise, so the image is left out of the means.
//  - Pointing game (Zhang et al. 2016): a hit when the map's maximum (first one
//    in row-major order on ties) lies in the mask, or within `tolerance` pixels
//    of it (the paper's 15 px; default 0 here, since model inputs can be 28 px).
//  - IoU of the thresholded map with the mask. Default threshold: ≥ 0.5·max of
//    the map (the CAM localisation convention, Zhou et al. 2016 used 0.2);
//    alternatively the top-k% pixels.
//  - Energy-based pointing game (Score-CAM, Wang et al. 2020): the map's
//    positive energy inside the mask over its total positive energy.
import { maxOf, orderByValue } from './maps';

type Mask = ArrayLike<number>;

function isEmpty(mask: Mask): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i]) return false;
  return true;
}

/** Index of the map's maximum (first on ties). */
export function argmax(map: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i] > map[best]) best = i;
  return best;
}

/** 1 (hit), 0 (miss) or NaN (empty mask). */
export function pointingGame(map: ArrayLike<number>, mask: Mask, shape: [number, number], tolerance = 0): number {
  if (isEmpty(mask)) return NaN;
  const w = shape[1];
  const p = argmax(map);
  if (mask[p]) return 1;
  const [py, px] = [Math.floor(p / w), p % w];
  const r = Math.floor(tolerance);
  for (let y = Math.max(0, py - r); y <= Math.min(shape[0] - 1, py + r); y++) {
    for (let x = Math.max(0, px - r); x <= Math.min(w - 1, px + r); x++) {
      if (mask[y * w + x] && (y - py) ** 2 + (x - px) ** 2 <= tolerance * tolerance) return 1;
    }
  }
  return 0;
}

export type IouThreshold = { kind: 'fraction-of-max'; value: number } | { kind: 'top-percent'; value: number };
export const DEFAULT_IOU_THRESHOLD: IouThreshold = { kind: 'fraction-of-max', value: 0.5 };

/** The binary region a map selects under a threshold rule. */
export function thresholdMap(map: ArrayLike<number>, t: IouThreshold = DEFAULT_IOU_THRESHOLD): Uint8Array {
  const out = new Uint8Array(map.length);
  if (t.kind === 'fraction-of-max') {
    const cut = t.value * maxOf(map);
    for (let i = 0; i < map.length; i++) out[i] = map[i] >= cut && map[i] > 0 ? 1 : 0;
    return out;
  }
  // Top k%: the k·N/100 highest pixels (ties broken by index, so the count is exact).
  const k = Math.round((Math.min(100, Math.max(0, t.value)) / 100) * map.length);
  const order = orderByValue(map);
  for (let i = 0; i < k; i++) out[order[i]] = 1;
  return out;
}

export function iou(map: ArrayLike<number>, mask: Mask, t: IouThreshold = DEFAULT_IOU_THRESHOLD): number {
  if (isEmpty(mask)) return NaN;
  const sel = thresholdMap(map, t);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < sel.length; i++) {
    const m = mask[i] ? 1 : 0;
    inter += sel[i] & m;
    union += sel[i] | m;
  }
  return union ? inter / union : 0;
}

export function energyPointingGame(map: ArrayLike<number>, mask: Mask): number {
  if (isEmpty(mask)) return NaN;
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    const e = Math.max(0, map[i]);
    total += e;
    if (mask[i]) inside += e;
  }
  return total > 0 ? inside / total : 0;
}

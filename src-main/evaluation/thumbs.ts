// Small previews of maps for the UI and the HTML report: |map| normalised as
// the sanity checks compare them (99th percentile, clipped), bytes 0…255,
// shrunk so a strip of many steps stays a few kilobytes.
import type { Thumb } from '../api/evaluate-types';
import { resizeBilinear } from '../io/overlay';
import { visualNormalise } from '../sanity/sanity';

export const THUMB_MAX = 64;

export function thumb(map: ArrayLike<number>, shape: [number, number], max = THUMB_MAX): Thumb {
  const [h, w] = shape;
  const k = Math.min(1, max / Math.max(h, w));
  const [th, tw] = [Math.max(1, Math.round(h * k)), Math.max(1, Math.round(w * k))];
  const n = visualNormalise(map);
  const small = k < 1 ? resizeBilinear(n, h, w, th, tw) : n;
  return { width: tw, height: th, pixels: Uint8Array.from(small, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) };
}

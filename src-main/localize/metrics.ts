// Localisation scores against ground truth, kept small and local to localize/:
// mask IoU, box IoU, and the pointing game (Zhang et al. 2016: a hit when the
// map's maximum falls on the object, within a tolerance in pixels).
import type { Box } from './box';

export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y;
    union += x | y;
  }
  return union === 0 ? 1 : inter / union;
}

export function boxIou(a: Box | null, b: Box | null): number {
  if (!a || !b) return a === b ? 1 : 0;
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Pointing game: does the |map| maximum lie within `tolerance` px of a ground-truth pixel? */
export function pointingHit(map: ArrayLike<number>, gt: Uint8Array, h: number, w: number, tolerance = 0): boolean {
  let best = 0;
  for (let i = 1; i < h * w; i++) if (Math.abs(map[i]) > Math.abs(map[best])) best = i;
  const by = Math.floor(best / w);
  const bx = best - by * w;
  const r = Math.ceil(tolerance);
  for (let y = Math.max(0, by - r); y <= Math.min(h - 1, by + r); y++) {
    for (let x = Math.max(0, bx - r); x <= Math.min(w - 1, bx + r); x++) {
      if (gt[y * w + x] && (x - bx) ** 2 + (y - by) ** 2 <= tolerance * tolerance) return true;
    }
  }
  return false;
}

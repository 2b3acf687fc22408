// The edited mask with its undo and redo stacks: plain data, replaced (never
// mutated) by the functions below. Snapshots, not diffs: a 1024² mask is 1 MiB,
// and the stacks are capped by bytes so a large image keeps fewer steps.
import { StudioError } from '../../../src-main/api/errors';
import type { MaskSize } from './maskRaster';

export interface MaskHistory extends MaskSize {
  data: Uint8Array;
  past: Uint8Array[];
  future: Uint8Array[];
}

/** Undo steps kept: 100, or fewer when that would pass 64 MiB of snapshots. */
export const historyLimit = (pixels: number): number => Math.max(5, Math.min(100, Math.floor((64 * 1024 * 1024) / Math.max(1, pixels))));

export function emptyHistory(width: number, height: number): MaskHistory {
  return { width, height, data: new Uint8Array(width * height), past: [], future: [] };
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** A new mask state; a no-op edit leaves the history as it was (nothing to undo). */
export function commit(h: MaskHistory, data: Uint8Array): MaskHistory {
  if (data.length !== h.data.length) throw new StudioError('bad-mask', `mask has ${data.length} pixels, the image ${h.data.length}`);
  if (same(data, h.data)) return h;
  const past = [...h.past, h.data].slice(-historyLimit(data.length));
  return { ...h, data, past, future: [] };
}

export function edit(h: MaskHistory, draw: (m: Uint8Array) => void): MaskHistory {
  const next = h.data.slice();
  draw(next);
  return commit(h, next);
}

export function undo(h: MaskHistory): MaskHistory {
  if (h.past.length === 0) return h;
  return { ...h, data: h.past[h.past.length - 1], past: h.past.slice(0, -1), future: [h.data, ...h.future] };
}

export function redo(h: MaskHistory): MaskHistory {
  if (h.future.length === 0) return h;
  return { ...h, data: h.future[0], past: [...h.past, h.data], future: h.future.slice(1) };
}

export const clear = (h: MaskHistory): MaskHistory => commit(h, new Uint8Array(h.data.length));

export const invert = (h: MaskHistory): MaskHistory =>
  commit(
    h,
    h.data.map((v) => (v ? 0 : 1)),
  );

// Shape checks of the masking lab's requests, used by api/spec.ts before a
// request reaches the engine, and by the experiment store on every row it
// reads back from disk. Pure: no tfjs, no file system. Sizes that need the
// image (a mask of the wrong size) are checked by the engine, which knows it.
import type { ExperimentRow, MaskedClassScore } from './types';

/** The fills of explainers/perturbation/fill.ts, spelled out so validation needs no tfjs. */
export const FILL_PATTERN = /^(zero|mean|blur|noise|#[0-9a-f]{6})$/i;
export const MAX_MASKS = 64;
export const MAX_LOG_ROWS = 500;
/** A binary mask PNG compresses well; 8 MiB of base64 is far above any real one. */
const MAX_PNG_CHARS = 8 * 1024 * 1024;
const MAX_THUMB_CHARS = 256 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const posInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function checkFill(fill: unknown): string | null {
  return typeof fill === 'string' && FILL_PATTERN.test(fill.trim())
    ? null
    : `"fill" must be zero, mean, blur, noise or a colour #rrggbb, not ${JSON.stringify(fill)?.slice(0, 40)}`;
}

export function checkMasks(masks: unknown): string | null {
  if (!Array.isArray(masks) || masks.length === 0) return '"masks" must be a non-empty list of Uint8Array masks';
  if (masks.length > MAX_MASKS) return `"masks": at most ${MAX_MASKS} masks per request, got ${masks.length}`;
  for (let i = 0; i < masks.length; i++) {
    if (!(masks[i] instanceof Uint8Array)) return `"masks[${i}]" must be a Uint8Array (width × height bytes, nonzero = hidden)`;
    if ((masks[i] as Uint8Array).length !== (masks[0] as Uint8Array).length)
      return `"masks[${i}]" has ${(masks[i] as Uint8Array).length} bytes, masks[0] has ${(masks[0] as Uint8Array).length}: all masks cover the same image`;
  }
  return null;
}

export function checkRegions(r: unknown): string | null {
  if (r == null) return null;
  if (!isObj(r) || !posInt(r.width) || !posInt(r.height)) return '"regions" must be {width, height, labels} with positive integer sizes';
  if (!(r.labels instanceof Uint8Array || r.labels instanceof Int32Array)) return '"regions.labels" must be a Uint8Array or Int32Array';
  const n = r.width * r.height;
  if (r.labels.length !== n) return `"regions.labels" has ${r.labels.length} values, ${r.width}×${r.height} needs ${n}`;
  return null;
}

/** A target region mask is at most as large as an image may be (io/limits.ts PIXEL_LIMIT). */
export const MAX_TARGET_REGION_PIXELS = 100_000_000;

/** A targetRegion: "predicted", "all", or {width, height, mask} with 0/1 bytes and at least one 1. Its size against the image is the engine's to check. */
export function checkTargetRegion(r: unknown): string | null {
  if (r == null || r === 'predicted' || r === 'all') return null;
  if (!isObj(r) || !posInt(r.width) || !posInt(r.height))
    return '"targetRegion" must be "predicted", "all" or {width, height, mask} with positive integer sizes';
  const n = r.width * r.height;
  if (n > MAX_TARGET_REGION_PIXELS) return `"targetRegion" is ${r.width}×${r.height}: at most ${MAX_TARGET_REGION_PIXELS} pixels`;
  if (!(r.mask instanceof Uint8Array)) return '"targetRegion.mask" must be a Uint8Array (width × height bytes, 1 = inside)';
  if (r.mask.length !== n) return `"targetRegion.mask" has ${r.mask.length} values, ${r.width}×${r.height} needs ${n}`;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const v = r.mask[i];
    if (v > 1) return `"targetRegion.mask" must hold 0 or 1, got ${v} at pixel ${i}`;
    inside += v;
  }
  return inside > 0 ? null : '"targetRegion.mask" is empty: mark at least one pixel as inside the region';
}

function checkClasses(v: unknown): v is MaskedClassScore[] {
  const keys = ['index', 'logitBefore', 'logitAfter', 'dLogit', 'probBefore', 'probAfter', 'dProb'] as const;
  return Array.isArray(v) && v.length <= 1000 && v.every((c) => isObj(c) && typeof c.label === 'string' && keys.every((k) => finite(c[k])));
}

const pngUrl = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max && v.startsWith('data:image/png;base64,');

/** Problems with a row to log (id and time excluded: the store sets them). */
export function checkExperiment(row: unknown): string | null {
  if (!isObj(row)) return '"row" must be an object';
  for (const k of ['model', 'image', 'fill'] as const) if (typeof row[k] !== 'string' || (row[k] as string).length > 1000) return `"row.${k}" must be a string`;
  if (!posInt(row.width) || !posInt(row.height)) return '"row.width" and "row.height" must be positive integers';
  if (!finite(row.area) || row.area < 0 || row.area > 1) return '"row.area" must be a fraction 0…1';
  if (!Number.isInteger(row.target) || (row.target as number) < 0) return '"row.target" must be a class index';
  if (!checkClasses(row.classes)) return '"row.classes" must be a list of class scores before and after';
  if (!pngUrl(row.maskPng, MAX_PNG_CHARS)) return '"row.maskPng" must be a PNG data URL';
  if (!pngUrl(row.thumbnail, MAX_THUMB_CHARS)) return '"row.thumbnail" must be a PNG data URL';
  return null;
}

/** A stored row, or null when it was hand-edited into something else. */
export function sanitizeRow(v: unknown): ExperimentRow | null {
  if (!isObj(v) || typeof v.id !== 'string' || typeof v.time !== 'string' || checkExperiment(v) !== null) return null;
  const r = v as unknown as ExperimentRow;
  return {
    id: r.id,
    time: r.time,
    model: r.model,
    image: r.image,
    width: r.width,
    height: r.height,
    fill: r.fill,
    area: r.area,
    target: r.target,
    classes: r.classes.map((c) => ({
      index: c.index,
      label: c.label,
      logitBefore: c.logitBefore,
      logitAfter: c.logitAfter,
      dLogit: c.dLogit,
      probBefore: c.probBefore,
      probAfter: c.probAfter,
      dProb: c.dProb,
    })),
    maskPng: r.maskPng,
    thumbnail: r.thumbnail,
  };
}

// What both sanity commands write besides their JSON: CSV cells, and the
// sanity-check strip (Adebayo et al.'s figure) drawn from the sanity
// operation's thumbnails: maps side by side, each |map| as the checks compare
// it (scaled by its 99th percentile, 0…255), stretched to the map's own size
// (at least `size` px high) on inferno, 2-px gaps — the layout of
// sanity/figure.ts's mapStrip, which draws full-resolution maps. Maps above
// THUMB_MAX (64 px) a side reach the CLI only as 64-px thumbnails: the strip
// then shows the thumbnail enlarged.
import sharp from 'sharp';
import type { Thumb } from '../api/evaluate-types';
import { drawStrip } from '../sanity/figure';

/** Similarities travel as null where not finite: an empty CSV cell. */
export const fmt = (v: number | null): string => (v != null && Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '');
/** A table cell; null (not finite) shows as NaN. */
export const fixed = (v: number | null, digits = 3): string => (v ?? NaN).toFixed(digits);

export async function writeThumbStrip(path: string, thumbs: readonly Thumb[], shape: [number, number], size = 96): Promise<void> {
  const tiles = thumbs.map((t) => ({ data: Float32Array.from(t.pixels, (v) => v / 255), height: t.height, width: t.width }));
  const { rgb, width, height: th } = drawStrip(tiles, shape, size);
  await sharp(rgb, { raw: { width, height: th, channels: 3 } })
    .png()
    .toFile(path);
}

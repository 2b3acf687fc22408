// Which region of the full image the view needs at full resolution: when the
// stage magnifies the display level (one level pixel over more than one device
// pixel), the visible part of the image, snapped outward to a 256-pixel grid so
// small pans reuse the tile, is fetched with imageTile and drawn over the level.
import type { View } from '../tools/viewport';

export interface TileWant {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The reply's longer side at most: the stage's in device pixels (the engine reduces a larger region to fit). */
  maxSide: number;
}

interface Size {
  width: number;
  height: number;
}

export const TILE_GRID = 256;
/** The op's bound (src-main/api/spec.ts). */
export const TILE_MAX_SIDE = 4096;

const snapDown = (v: number) => Math.floor(v / TILE_GRID) * TILE_GRID;
const snapUp = (v: number) => Math.ceil(v / TILE_GRID) * TILE_GRID;

/** The tile to fetch for `view`, or null when the level already shows all the detail the screen can. */
export function wantedTile(view: View, stage: Size, full: Size, level: Size, dpr = 1): TileWant | null {
  if (view.scale <= 0 || stage.width <= 0 || stage.height <= 0 || full.width <= 0 || full.height <= 0) return null;
  const levelFactor = full.width / Math.max(1, level.width);
  // Device pixels per level pixel ≤ 1: the level is already as sharp as the screen.
  if (levelFactor <= 1 || view.scale * dpr * levelFactor <= 1) return null;
  const x0 = Math.max(0, snapDown(-view.x / view.scale));
  const y0 = Math.max(0, snapDown(-view.y / view.scale));
  const x1 = Math.min(full.width, snapUp((stage.width - view.x) / view.scale));
  const y1 = Math.min(full.height, snapUp((stage.height - view.y) / view.scale));
  if (x1 <= x0 || y1 <= y0) return null;
  const maxSide = Math.min(TILE_MAX_SIDE, Math.max(16, Math.ceil(Math.max(stage.width, stage.height) * dpr)));
  const w = x1 - x0;
  const h = y1 - y0;
  // A tile reduced as much as the level brings nothing.
  if (Math.ceil(Math.max(w, h) / maxSide) >= levelFactor) return null;
  return { x: x0, y: y0, w, h, maxSide };
}

export const sameTile = (a: TileWant | null, b: TileWant | null): boolean =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && a.maxSide === b.maxSide);

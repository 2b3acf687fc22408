// PNGs of what the grid shows, at the images' own resolution (not the
// screen's): one cell, or every cell with row and column titles and, under
// each map, its colour bar (title with the target class, range, ticks).
import type { ExplainResult, ImagePixels } from '../../../src-main/api/types';
import type { CompareState } from '../state/compare/types';
import { cellKey } from '../state/compare/types';
import { cellStyle } from '../state/compare/actions';
import { toCanvas } from '../render/bitmap';
import type { DisplayWindow, OverlayStyle } from '../state/types';
import type { Rect } from '../tools/viewport';
import { imageCanvas, mapRegion, overlayFor } from './cellRender';
import { BAR_BAND, cellBar, drawColorbar } from './exportColorbar';

/** Draws the image and its map into `ctx` at (x, y), `scale` canvas px per image px. */
function drawCell(
  ctx: CanvasRenderingContext2D,
  pixels: ImagePixels,
  win: DisplayWindow,
  result: ExplainResult | null,
  style: OverlayStyle,
  region: Rect,
  x: number,
  y: number,
  scale: number,
): void {
  ctx.imageSmoothingEnabled = scale < 1;
  ctx.drawImage(imageCanvas(pixels, win), x, y, pixels.width * scale, pixels.height * scale);
  if (!result || !style.visible) return;
  const o = overlayFor(result, style);
  ctx.save();
  ctx.globalAlpha = style.opacity;
  ctx.imageSmoothingEnabled = region.width * scale > o.width * 4;
  ctx.drawImage(toCanvas(o.width, o.height, o.rgba), x + region.x * scale, y + region.y * scale, region.width * scale, region.height * scale);
  ctx.restore();
}

/** One cell at full resolution: the image's size, enlarged when the map is finer than the image. */
export function cellPng(c: CompareState, key: string): HTMLCanvasElement | null {
  const [rowId] = key.split(':');
  const row = c.rows.find((r) => r.id === rowId);
  const pixels = row && c.pixels[row.imageId];
  const win = row && c.windows[row.imageId];
  const model = row && c.models[row.modelId];
  if (!row || !pixels || !win || !model) return null;
  const region = mapRegion(pixels, model);
  const result = c.cells[key]?.result ?? null;
  const scale = result ? Math.max(1, Math.ceil(result.shape[1] / region.width)) : 1;
  const out = document.createElement('canvas');
  out.width = pixels.width * scale;
  out.height = pixels.height * scale;
  const ctx = out.getContext('2d');
  if (ctx) drawCell(ctx, pixels, win, result, cellStyle(c, key), region, 0, 0, scale);
  return out;
}

const HEAD = 28;
const SIDE = 160;

/** Sizes of the grid PNG: each row is a cell and the band with its colour bar (k: the band's scale). */
export function gridLayout(c: Pick<CompareState, 'rows' | 'columns' | 'pixels'>) {
  const sides = c.rows
    .map((r) => c.pixels[r.imageId])
    .filter(Boolean)
    .map((p) => Math.max(p.width, p.height));
  const cellSide = Math.min(1024, Math.max(224, ...sides));
  const k = Math.max(1, cellSide / 320);
  const band = Math.ceil(BAR_BAND * k);
  const rowHeight = cellSide + band + 4;
  return { cellSide, k, band, rowHeight, width: SIDE + c.columns.length * (cellSide + 4), height: HEAD + c.rows.length * rowHeight };
}

/** Every cell, each image scaled to a common side (its largest side, at least 224 px), with titles. */
export function gridPng(c: CompareState, methodLabel: (id: string) => string): HTMLCanvasElement {
  const out = document.createElement('canvas');
  const L = gridLayout(c);
  out.width = L.width;
  out.height = L.height;
  const ctx = out.getContext('2d');
  if (ctx) drawGrid(ctx, c, methodLabel);
  return out;
}

/** The grid PNG's drawing, into any 2D context of gridLayout's size. */
export function drawGrid(ctx: CanvasRenderingContext2D, c: CompareState, methodLabel: (id: string) => string): void {
  const { cellSide, k, rowHeight, width, height } = gridLayout(c);
  const out = { width, height };
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#000';
  ctx.font = '14px sans-serif';
  ctx.textBaseline = 'middle';
  c.columns.forEach((col, j) => ctx.fillText(methodLabel(col.methodId), SIDE + j * (cellSide + 4) + 4, HEAD / 2, cellSide - 8));
  c.rows.forEach((row, i) => {
    const y = HEAD + i * rowHeight;
    ctx.fillStyle = '#000';
    ctx.fillText(c.images[row.imageId]?.name ?? row.imageId, 4, y + cellSide / 2 - 9, SIDE - 8);
    ctx.fillText(c.models[row.modelId]?.name ?? row.modelId, 4, y + cellSide / 2 + 9, SIDE - 8);
    const pixels = c.pixels[row.imageId];
    const win = c.windows[row.imageId];
    const model = c.models[row.modelId];
    if (!pixels || !win || !model) return;
    const scale = cellSide / Math.max(pixels.width, pixels.height);
    c.columns.forEach((col, j) => {
      const key = cellKey(row.id, col.id);
      const x = SIDE + j * (cellSide + 4);
      const style = cellStyle(c, key);
      drawCell(ctx, pixels, win, c.cells[key]?.result ?? null, style, mapRegion(pixels, model), x, y, scale);
      const bar = style.visible ? cellBar(c, key, methodLabel) : null;
      if (bar) drawColorbar(ctx, bar, x, y + cellSide, cellSide, k);
    });
  });
}

// The grid's shared zoom/pan and pointer. They change at pointer-event rate,
// so they have a store of their own, apart from the studio's: cells subscribe
// and move their Konva nodes directly, without a React render.
//
// Coordinates are normalised to each cell's image ([0,1]² over the image), so
// rows with images of different sizes stay aligned: zoom 1 = fit, (cx, cy) =
// the image point at the cell's centre.
import { createStore } from '../state/store';

export interface SharedView {
  zoom: number;
  cx: number;
  cy: number;
}

/** The pointer as a normalised image position, or null when it left the grid. */
export type SharedPointer = { u: number; v: number } | null;

export const FIT_VIEW: SharedView = { zoom: 1, cx: 0.5, cy: 0.5 };
// Low enough for 1:1 on small images shown in large cells (28 px in 224 px is 1/8).
export const MIN_ZOOM = 0.01;
export const MAX_ZOOM = 64;

export interface ViewSync {
  view(): SharedView;
  pointer(): SharedPointer;
  setView(v: SharedView): void;
  setPointer(p: SharedPointer): void;
  /** Called on every change of view or pointer; returns an unsubscribe function. */
  subscribe(cb: () => void): () => void;
}

interface Shared {
  view: SharedView;
  pointer: SharedPointer;
}

const viewSet = (s: Shared, v: SharedView): Shared => {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom));
  return zoom === s.view.zoom && v.cx === s.view.cx && v.cy === s.view.cy ? s : { ...s, view: { zoom, cx: v.cx, cy: v.cy } };
};
const pointerSet = (s: Shared, p: SharedPointer): Shared =>
  p === s.pointer || (p && s.pointer && p.u === s.pointer.u && p.v === s.pointer.v) ? s : { ...s, pointer: p };

/** A store like the others, read without React: cells subscribe and move their nodes themselves. */
export function createViewSync(initial: SharedView = FIT_VIEW): ViewSync {
  const store = createStore<Shared>({ view: initial, pointer: null });
  return {
    view: () => store.get().view,
    pointer: () => store.get().pointer,
    setView: (v) => store.set(viewSet, v),
    setPointer: (p) => store.set(pointerSet, p),
    subscribe: store.subscribe,
  };
}

/** The transform of one cell: image px → cell px (canvas = image × scale + offset). */
export interface CellTransform {
  scale: number;
  x: number;
  y: number;
}

/** Fit scale × zoom, with the view's centre point at the cell's centre. */
export function cellTransform(view: SharedView, imageW: number, imageH: number, cellW: number, cellH: number): CellTransform {
  if (imageW <= 0 || imageH <= 0 || cellW <= 0 || cellH <= 0) return { scale: 1, x: 0, y: 0 };
  const fit = Math.min(cellW / imageW, cellH / imageH);
  const scale = fit * view.zoom;
  return { scale, x: cellW / 2 - view.cx * imageW * scale, y: cellH / 2 - view.cy * imageH * scale };
}

/** Zoom by `factor` keeping the image point under `pointer` (cell px) fixed. */
export function zoomViewAt(
  view: SharedView,
  pointer: { x: number; y: number },
  factor: number,
  imageW: number,
  imageH: number,
  cellW: number,
  cellH: number,
): SharedView {
  const t = cellTransform(view, imageW, imageH, cellW, cellH);
  const u = (pointer.x - t.x) / t.scale / imageW;
  const v = (pointer.y - t.y) / t.scale / imageH;
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor));
  const ratio = view.zoom / zoom;
  // The point (u, v) stays under the pointer: the centre moves towards it by 1 − old/new.
  return { zoom, cx: u + (view.cx - u) * ratio, cy: v + (view.cy - v) * ratio };
}

/** Pan by a drag of (dx, dy) cell px. */
export function panView(view: SharedView, dx: number, dy: number, imageW: number, imageH: number, cellW: number, cellH: number): SharedView {
  const t = cellTransform(view, imageW, imageH, cellW, cellH);
  return { ...view, cx: view.cx - dx / t.scale / imageW, cy: view.cy - dy / t.scale / imageH };
}

/** 1:1 — one image pixel per screen (CSS) pixel. */
export function oneToOne(view: SharedView, imageW: number, imageH: number, cellW: number, cellH: number): SharedView {
  const fit = Math.min(cellW / imageW, cellH / imageH);
  return { ...view, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, 1 / fit)) };
}

/** Normalised pointer position from a cell-px position, or null when outside the image. */
export function pointerAt(view: SharedView, p: { x: number; y: number }, imageW: number, imageH: number, cellW: number, cellH: number): SharedPointer {
  const t = cellTransform(view, imageW, imageH, cellW, cellH);
  const u = (p.x - t.x) / t.scale / imageW;
  const v = (p.y - t.y) / t.scale / imageH;
  return u >= 0 && u < 1 && v >= 0 && v < 1 ? { u, v } : null;
}

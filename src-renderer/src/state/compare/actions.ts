// Named actions of the comparison grid: pure (state, ...args) → state. Cells
// are queued when a row or column appears; the scheduler (compareController)
// runs queued cells one at a time and reports back through these actions.
// Replies for a job the cell no longer runs (removed, re-queued) are ignored.
import type { ExplainResult, ImageInfo, ImagePixels, JobProgress, ModelInfo, ParamValues, TargetSpec } from '../../../../src-main/api/types';
import { defaultWindow } from '../../render/windowLevel';
import type { DisplayWindow, OverlayStyle, StudioState } from '../types';
import { cellKey, type CompareCell, type CompareMode, type CompareState } from './types';

const queued = (): CompareCell => ({ status: 'queued', jobId: null, progress: null, result: null, error: null, style: null });

function withCompare(s: StudioState, c: CompareState): StudioState {
  return c === s.compare ? s : { ...s, compare: c };
}

function patchCell(s: StudioState, key: string, f: (cell: CompareCell) => CompareCell | null): StudioState {
  const cell = s.compare.cells[key];
  if (!cell) return s;
  const next = f(cell);
  if (!next || next === cell) return s;
  return withCompare(s, { ...s.compare, cells: { ...s.compare.cells, [key]: next } });
}

export function modeChanged(s: StudioState, mode: CompareMode): StudioState {
  return s.compare.mode === mode ? s : withCompare(s, { ...s.compare, mode });
}

export function modelKnown(s: StudioState, model: ModelInfo): StudioState {
  return withCompare(s, { ...s.compare, models: { ...s.compare.models, [model.id]: model } });
}

export function imageKnown(s: StudioState, image: ImageInfo): StudioState {
  return withCompare(s, { ...s.compare, images: { ...s.compare.images, [image.id]: image } });
}

/** Pixels for display; the first time also the image's default window. */
export function pixelsKnown(s: StudioState, imageId: string, pixels: ImagePixels): StudioState {
  const windows = s.compare.windows[imageId]
    ? s.compare.windows
    : { ...s.compare.windows, [imageId]: defaultWindow(s.compare.images[imageId]?.dicom, pixels.window) };
  return withCompare(s, { ...s.compare, pixels: { ...s.compare.pixels, [imageId]: pixels }, windows });
}

/** A row for (model, image); ignored when that pair is already a row or either is unknown. */
export function rowAdded(s: StudioState, modelId: string, imageId: string): StudioState {
  const c = s.compare;
  if (!c.models[modelId] || !c.images[imageId]) return s;
  if (c.rows.some((r) => r.modelId === modelId && r.imageId === imageId)) return s;
  const id = `r${c.nextId}`;
  const cells = { ...c.cells };
  for (const col of c.columns) cells[cellKey(id, col.id)] = queued();
  return withCompare(s, { ...c, rows: [...c.rows, { id, modelId, imageId }], cells, nextId: c.nextId + 1 });
}

export function rowRemoved(s: StudioState, rowId: string): StudioState {
  const c = s.compare;
  if (!c.rows.some((r) => r.id === rowId)) return s;
  const cells = Object.fromEntries(Object.entries(c.cells).filter(([k]) => !k.startsWith(`${rowId}:`)));
  const selected = c.selected?.startsWith(`${rowId}:`) ? null : c.selected;
  return withCompare(s, { ...c, rows: c.rows.filter((r) => r.id !== rowId), cells, selected });
}

export function columnAdded(s: StudioState, methodId: string, params: ParamValues, layer: string | null = null): StudioState {
  const c = s.compare;
  if (!s.methods.some((m) => m.id === methodId)) return s;
  const id = `c${c.nextId}`;
  const cells = { ...c.cells };
  for (const row of c.rows) cells[cellKey(row.id, id)] = queued();
  return withCompare(s, { ...c, columns: [...c.columns, { id, methodId, params: { ...params }, layer }], cells, nextId: c.nextId + 1 });
}

export function columnRemoved(s: StudioState, columnId: string): StudioState {
  const c = s.compare;
  if (!c.columns.some((col) => col.id === columnId)) return s;
  const cells = Object.fromEntries(Object.entries(c.cells).filter(([k]) => !k.endsWith(`:${columnId}`)));
  const selected = c.selected?.endsWith(`:${columnId}`) ? null : c.selected;
  return withCompare(s, { ...c, columns: c.columns.filter((col) => col.id !== columnId), cells, selected });
}

export function cellStarted(s: StudioState, key: string, jobId: string): StudioState {
  return patchCell(s, key, (cell) => (cell.status === 'queued' ? { ...cell, status: 'running', jobId, progress: null, error: null } : null));
}

/** Progress events arrive for every job; only the running cell with that jobId takes one. */
export function cellProgressed(s: StudioState, p: JobProgress): StudioState {
  const entry = Object.entries(s.compare.cells).find(([, cell]) => cell.jobId === p.jobId && cell.status === 'running');
  return entry ? patchCell(s, entry[0], (cell) => ({ ...cell, progress: p })) : s;
}

export function cellDone(s: StudioState, key: string, jobId: string, result: ExplainResult): StudioState {
  return patchCell(s, key, (cell) => (cell.jobId === jobId && cell.status === 'running' ? { ...cell, status: 'done', progress: null, result } : null));
}

export function cellFailed(s: StudioState, key: string, jobId: string, error: string): StudioState {
  return patchCell(s, key, (cell) => (cell.jobId === jobId && cell.status === 'running' ? { ...cell, status: 'failed', progress: null, error } : null));
}

/** Cancels a queued cell at once, or marks a running one (its job ends as cancelled); with `jobId`, only while that job runs in it. */
export function cellCancelled(s: StudioState, key: string, jobId?: string): StudioState {
  const applies = (cell: CompareCell) =>
    jobId === undefined ? cell.status === 'queued' || cell.status === 'running' : cell.status === 'running' && cell.jobId === jobId;
  return patchCell(s, key, (cell) => (applies(cell) ? { ...cell, status: 'cancelled', progress: null } : null));
}

/** Back to the queue (retry, or parameters changed); keeps the cell's style. */
export function cellRequeued(s: StudioState, key: string): StudioState {
  return patchCell(s, key, (cell) => ({ ...queued(), style: cell.style }));
}

export function allRequeued(s: StudioState): StudioState {
  const cells = Object.fromEntries(Object.entries(s.compare.cells).map(([k, cell]) => [k, { ...queued(), style: cell.style }]));
  return withCompare(s, { ...s.compare, cells });
}

export function targetChanged(s: StudioState, target: TargetSpec): StudioState {
  if (s.compare.target === target) return s;
  return allRequeued(withCompare(s, { ...s.compare, target }));
}

/** New parameters for a column re-queue its cells. */
export function columnParamsChanged(s: StudioState, columnId: string, params: ParamValues, layer: string | null): StudioState {
  const c = s.compare;
  if (!c.columns.some((col) => col.id === columnId)) return s;
  let next = withCompare(s, { ...c, columns: c.columns.map((col) => (col.id === columnId ? { ...col, params: { ...params }, layer } : col)) });
  for (const row of c.rows) next = cellRequeued(next, cellKey(row.id, columnId));
  return next;
}

/** Rendering for one cell (key) or for all (null: the grid style, and per-cell overrides of those fields dropped). */
export function styleChanged(s: StudioState, key: string | null, patch: Partial<OverlayStyle>): StudioState {
  const clean = { ...patch };
  if (clean.opacity !== undefined) clean.opacity = Math.min(1, Math.max(0, clean.opacity));
  if (key !== null) return patchCell(s, key, (cell) => ({ ...cell, style: { ...cell.style, ...clean } }));
  const names = Object.keys(clean);
  const cells = Object.fromEntries(
    Object.entries(s.compare.cells).map(([k, cell]) => {
      if (!cell.style) return [k, cell];
      const rest = Object.fromEntries(Object.entries(cell.style).filter(([n]) => !names.includes(n)));
      return [k, { ...cell, style: Object.keys(rest).length ? rest : null }];
    }),
  );
  return withCompare(s, { ...s.compare, style: { ...s.compare.style, ...clean }, cells });
}

export function cellSelected(s: StudioState, key: string | null): StudioState {
  if (key !== null && !s.compare.cells[key]) return s;
  return withCompare(s, { ...s.compare, selected: key });
}

export function windowChanged(s: StudioState, imageId: string, window: DisplayWindow): StudioState {
  if (!s.compare.pixels[imageId]) return s;
  return withCompare(s, { ...s.compare, windows: { ...s.compare.windows, [imageId]: { ...window, width: Math.max(window.width, Number.EPSILON) } } });
}

/** The effective style of a cell: the grid's, overridden per cell. */
export function cellStyle(c: CompareState, key: string): OverlayStyle {
  const own = c.cells[key]?.style;
  return own ? { ...c.style, ...own } : c.style;
}

/** The next cell to compute, in reading order (rows, then columns). */
export function nextQueued(c: CompareState): string | null {
  for (const row of c.rows)
    for (const col of c.columns) {
      const key = cellKey(row.id, col.id);
      if (c.cells[key]?.status === 'queued') return key;
    }
  return null;
}

export const CELL_SIZES = { min: 96, max: 480 } as const;

export function cellSizeChanged(s: StudioState, size: number): StudioState {
  const cellSize = Math.round(Math.min(CELL_SIZES.max, Math.max(CELL_SIZES.min, size)));
  return s.compare.cellSize === cellSize || !Number.isFinite(size) ? s : withCompare(s, { ...s.compare, cellSize });
}

// The comparison grid's state: rows × columns of cells, each cell one explain
// job (row's model and image, column's method and parameters). Plain data,
// replaced by the actions in ./actions.ts; the shared zoom/pan and pointer
// change at frame rate and live outside the store (compare/viewSync.ts).
import type { ExplainResult, ImageInfo, ImagePixels, JobProgress, ModelInfo, ParamValues, TargetSpec } from '../../../../src-main/api/types';
import type { DisplayWindow, OverlayStyle } from '../overlay-types';

/** images: rows are images explained by one model; models: rows are models on one image. */
export type CompareMode = 'images' | 'models';

export interface CompareRow {
  id: string;
  modelId: string;
  imageId: string;
}

export interface CompareColumn {
  id: string;
  methodId: string;
  params: ParamValues;
  /** CAM layer; null = the engine's automatic layer. */
  layer: string | null;
}

export type CellStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CompareCell {
  status: CellStatus;
  jobId: string | null;
  progress: JobProgress | null;
  result: ExplainResult | null;
  error: string | null;
  /** Per-cell rendering overrides over CompareState.style. */
  style: Partial<OverlayStyle> | null;
}

export interface CompareState {
  mode: CompareMode;
  rows: CompareRow[];
  columns: CompareColumn[];
  /** Keyed by cellKey(row.id, column.id). */
  cells: Record<string, CompareCell>;
  /** Rendering for every cell without an override. */
  style: OverlayStyle;
  target: TargetSpec;
  /** Side of every cell on screen, CSS px. */
  cellSize: number;
  /** The cell whose controls are shown (per-cell rendering), or null = all cells. */
  selected: string | null;
  /** Everything the grid refers to, by engine id (the engine keeps them open). */
  models: Record<string, ModelInfo>;
  images: Record<string, ImageInfo>;
  pixels: Record<string, ImagePixels>;
  /** Display window per image (window/level per row). */
  windows: Record<string, DisplayWindow>;
  nextId: number;
}

export const cellKey = (rowId: string, columnId: string): string => `${rowId}:${columnId}`;

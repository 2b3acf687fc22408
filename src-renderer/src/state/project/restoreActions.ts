// The one action that puts a reopened project into the state: the snapshot
// with its model and image indices replaced by the ids the engine gave them
// this time. Results go in as they were saved — nothing is recomputed.
import { StudioError } from '../../../../src-main/api/errors';
import type { ProjectOverlay, ProjectResult, ProjectSnapshot } from '../../../../src-main/api/project-types';
import type { ExplainResult, ImageInfo, ImagePixels, ModelInfo } from '../../../../src-main/api/types';
import { cellKey, type CompareCell, type CompareState } from '../compare/types';
import { COLORMAPS, type ColormapName, type DisplayWindow, type OverlayStyle, type StudioState } from '../types';

/** What the engine returned when the project's models and images were reopened, index for index. */
export interface Reopened {
  models: ModelInfo[];
  images: ImageInfo[];
  /** Pixels of each image (null where they could not be read). */
  pixels: (ImagePixels | null)[];
}

export const RESTORED_JOB = 'restored';

export function restoredResult(r: ProjectResult | null): ExplainResult | null {
  return r ? { ...r, jobId: RESTORED_JOB } : null;
}

const asOverlay = (o: ProjectOverlay): OverlayStyle => ({ ...o, colormap: o.colormap as ColormapName });

/** Problems the file format cannot see (it only checks a colormap name's spelling): checked before anything is reopened. */
export function checkRenderable(p: ProjectSnapshot): void {
  const known = (name: string | undefined, where: string) => {
    if (name !== undefined && !(COLORMAPS as readonly string[]).includes(name))
      throw new StudioError('corrupt-project', `${where}.colormap: "${name}" is not one of ${COLORMAPS.join(', ')}`);
  };
  known(p.single.overlay.colormap, 'single.overlay');
  known(p.compare?.style.colormap, 'compare.style');
  for (const c of p.compare?.cells ?? []) known(c.style?.colormap, `compare cell ${c.row}:${c.column}.style`);
}

function compareOf(s: StudioState, p: ProjectSnapshot, r: Reopened): CompareState {
  const c = p.compare;
  if (!c) return s.compare;
  const rows = c.rows.map((row) => ({ id: row.id, modelId: r.models[row.model].id, imageId: r.images[row.image].id }));
  const cells: Record<string, CompareCell> = {};
  for (const cell of c.cells) {
    cells[cellKey(cell.row, cell.column)] = {
      status: cell.status,
      jobId: null,
      progress: null,
      result: restoredResult(cell.result),
      error: cell.error,
      style: cell.style as Partial<OverlayStyle> | null,
    };
  }
  const models: Record<string, ModelInfo> = {};
  const images: Record<string, ImageInfo> = {};
  const pixels: Record<string, ImagePixels> = {};
  for (const row of c.rows) {
    const m = r.models[row.model];
    const im = r.images[row.image];
    models[m.id] = m;
    images[im.id] = im;
    const px = r.pixels[row.image];
    if (px) pixels[im.id] = px;
  }
  const windows: Record<string, DisplayWindow> = {};
  for (const w of c.windows) windows[r.images[w.image].id] = w.window;
  return {
    ...s.compare,
    mode: c.mode,
    rows,
    columns: c.columns.map((col) => ({ ...col })),
    cells,
    style: asOverlay(c.style),
    target: c.target,
    selected: c.selected,
    models,
    images,
    pixels,
    windows,
    nextId: c.nextId,
    cellSize: c.cellSize ?? s.compare.cellSize,
  };
}

/** The whole snapshot into the state at once; the running job and the pending errors are left behind. */
export function projectRestored(s: StudioState, p: ProjectSnapshot, r: Reopened): StudioState {
  const one = p.single;
  const image = one.image == null ? null : r.images[one.image];
  return {
    ...s,
    demoId: one.demoId,
    model: one.model == null ? null : r.models[one.model],
    image,
    pixels: one.image == null ? null : r.pixels[one.image],
    window: one.window,
    prediction: one.prediction,
    predicting: false,
    methodId: one.methodId,
    params: one.params,
    target: one.target,
    layer: one.layer,
    allLayers: one.allLayers,
    job: null,
    result: restoredResult(one.result),
    regions: null,
    overlay: asOverlay(one.overlay),
    compare: compareOf(s, p, r),
    tab: p.tab ?? s.tab,
    loading: null,
  };
}

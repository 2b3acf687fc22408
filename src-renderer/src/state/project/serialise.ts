// The session as a project snapshot: StudioState (single view and grid), the
// masking lab's mask and log, and the grid's shared zoom/pan. Engine ids
// become indices into the project's model and image lists; pixels, jobs and
// progress are left out (pixels are re-read on open, jobs do not survive).
import type { ProjectCell, ProjectCompare, ProjectMask, ProjectResult, ProjectSnapshot } from '../../../../src-main/api/project-types';
import type { ExplainResult } from '../../../../src-main/api/types';
import type { SharedView } from '../../compare/viewSync';
import { cellKey, type CellStatus } from '../compare/types';
import type { MaskLabState } from '../maskLab';
import { countSet } from '../maskRaster';
import type { StudioState } from '../types';
import type { Sources } from './sources';

export class ProjectSaveError extends Error {
  readonly code = 'cannot-save';
}

/** Ids in first-seen order, each once. */
class IndexOf {
  readonly ids: string[] = [];
  of(id: string): number {
    const i = this.ids.indexOf(id);
    return i >= 0 ? i : this.ids.push(id) - 1;
  }
  opt(id: string | null | undefined): number | null {
    return id ? this.of(id) : null;
  }
}

export function resultOf(r: ExplainResult | null): ProjectResult | null {
  if (!r) return null;
  const { jobId: _job, ...rest } = r;
  return rest;
}

/** A running cell has no result to keep; it reopens as cancelled (run it again from the grid). */
const cellStatus = (s: CellStatus): ProjectCell['status'] => (s === 'running' ? 'cancelled' : s);

export interface SerialiseInput {
  state: StudioState;
  lab?: MaskLabState | null;
  view?: SharedView | null;
  sources: Sources;
}

export function serialiseProject({ state: s, lab, view, sources }: SerialiseInput): ProjectSnapshot {
  const models = new IndexOf();
  const images = new IndexOf();
  const single = {
    model: models.opt(s.model?.id),
    image: images.opt(s.image?.id),
    demoId: s.demoId,
    methodId: s.methodId,
    params: s.params,
    target: s.target,
    layer: s.layer,
    allLayers: s.allLayers,
    overlay: s.overlay,
    window: s.window,
    prediction: s.prediction,
    result: resultOf(s.result),
  };
  const c = s.compare;
  const rows = c.rows.map((r) => ({ id: r.id, model: models.of(r.modelId), image: images.of(r.imageId) }));
  const cells: ProjectCell[] = [];
  for (const r of c.rows) {
    for (const col of c.columns) {
      const cell = c.cells[cellKey(r.id, col.id)];
      if (cell) cells.push({ row: r.id, column: col.id, status: cellStatus(cell.status), result: resultOf(cell.result), error: cell.error, style: cell.style });
    }
  }
  const compare: ProjectCompare = {
    mode: c.mode,
    rows,
    columns: c.columns.map((col) => ({ id: col.id, methodId: col.methodId, params: col.params, layer: col.layer })),
    cells,
    style: c.style,
    target: c.target,
    selected: c.selected,
    windows: rows.flatMap((r, i) => {
      const w = c.windows[c.rows[i].imageId];
      return w && !rows.slice(0, i).some((p) => p.image === r.image) ? [{ image: r.image, window: w }] : [];
    }),
    nextId: c.nextId,
    view: view ?? { zoom: 1, cx: 0.5, cy: 0.5 },
    cellSize: c.cellSize,
  };
  let mask: ProjectMask | null = null;
  const h = lab?.history;
  if (lab && h && lab.imageId && lab.imageId === s.image?.id && countSet(h.data) > 0) {
    mask = {
      image: images.of(lab.imageId),
      width: h.width,
      height: h.height,
      data: h.data,
      fill: lab.fill,
      brush: lab.brush,
      tool: lab.tool,
      useRegions: lab.useRegions,
      autoLog: lab.autoLog,
    };
  }
  const modelList = models.ids.map((id) => {
    const m = sources.model(id);
    if (!m)
      throw new ProjectSaveError(
        `the model ${s.compare.models[id]?.name ?? s.model?.name ?? id} was not opened through this window; open it again to save it in a project`,
      );
    return m;
  });
  const imageList = images.ids.map((id) => {
    const im = sources.image(id);
    if (!im)
      throw new ProjectSaveError(
        `the image ${s.compare.images[id]?.name ?? s.image?.name ?? id} was not opened through this window; open it again to save it in a project`,
      );
    return im;
  });
  return { models: modelList, images: imageList, single, compare, mask, experiments: lab?.log ?? [], tab: s.tab };
}

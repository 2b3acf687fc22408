// Project file pieces: the single view, the comparison grid, the mask and the experiment log (see format.ts).
import type { ExperimentRow } from '../../api/types';
import type { ProjectCell, ProjectCompare, ProjectMask, ProjectSingle } from '../../api/project-types';
import { checkExperiment, FILL_PATTERN, sanitizeRow } from '../../api/masking-checks';
import { arr, bad, bool, index, num, obj, oneOf, optStr, str } from './validate';
import { u8, target, params, classScore, overlay, partialOverlay, displayWindow, result } from './format-values';

// ---- views ---------------------------------------------------------------

export function single(v: unknown, field: string, nModels: number, nImages: number): ProjectSingle {
  const o = obj(v, field);
  return {
    model: o.model == null ? null : index(o.model, `${field}.model`, nModels, 'model'),
    image: o.image == null ? null : index(o.image, `${field}.image`, nImages, 'image'),
    demoId: optStr(o.demoId, `${field}.demoId`, 256),
    methodId: optStr(o.methodId, `${field}.methodId`, 64),
    params: params(o.params ?? {}, `${field}.params`),
    target: target(o.target, `${field}.target`),
    layer: optStr(o.layer, `${field}.layer`, 1024),
    allLayers: o.allLayers === undefined ? false : bool(o.allLayers, `${field}.allLayers`),
    overlay: overlay(o.overlay, `${field}.overlay`),
    window: o.window == null ? null : displayWindow(o.window, `${field}.window`),
    prediction:
      o.prediction == null
        ? null
        : (() => {
            const p = obj(o.prediction, `${field}.prediction`);
            return {
              top: arr(p.top, `${field}.prediction.top`, 1000).map((c, i) => classScore(c, `${field}.prediction.top[${i}]`)),
              ms: num(p.ms, `${field}.prediction.ms`, { min: 0 }),
            };
          })(),
    result: o.result == null ? null : result(o.result, `${field}.result`),
  };
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const gridId = (v: unknown, field: string): string => {
  const s = str(v, field, 64);
  if (!ID.test(s)) bad(field, `is not a grid id: ${JSON.stringify(s)}`);
  return s;
};

export function compare(v: unknown, field: string, nModels: number, nImages: number): ProjectCompare {
  const o = obj(v, field);
  const rows = arr(o.rows, `${field}.rows`, 1000).map((r, i) => {
    const x = obj(r, `${field}.rows[${i}]`);
    return {
      id: gridId(x.id, `${field}.rows[${i}].id`),
      model: index(x.model, `${field}.rows[${i}].model`, nModels, 'model'),
      image: index(x.image, `${field}.rows[${i}].image`, nImages, 'image'),
    };
  });
  const columns = arr(o.columns, `${field}.columns`, 1000).map((c, i) => {
    const x = obj(c, `${field}.columns[${i}]`);
    return {
      id: gridId(x.id, `${field}.columns[${i}].id`),
      methodId: str(x.methodId, `${field}.columns[${i}].methodId`, 64),
      params: params(x.params ?? {}, `${field}.columns[${i}].params`),
      layer: optStr(x.layer, `${field}.columns[${i}].layer`, 1024),
    };
  });
  const rowIds = new Set(rows.map((r) => r.id));
  const colIds = new Set(columns.map((c) => c.id));
  const cells = arr(o.cells, `${field}.cells`, 1_000_000).map((c, i): ProjectCell => {
    const f = `${field}.cells[${i}]`;
    const x = obj(c, f);
    const row = gridId(x.row, `${f}.row`);
    const column = gridId(x.column, `${f}.column`);
    if (!rowIds.has(row)) bad(`${f}.row`, `names no row of the grid: ${row}`);
    if (!colIds.has(column)) bad(`${f}.column`, `names no column of the grid: ${column}`);
    return {
      row,
      column,
      status: oneOf(x.status, `${f}.status`, ['done', 'failed', 'cancelled', 'queued'] as const),
      result: x.result == null ? null : result(x.result, `${f}.result`),
      error: optStr(x.error, `${f}.error`),
      style: partialOverlay(x.style, `${f}.style`),
    };
  });
  const view = obj(o.view, `${field}.view`);
  return {
    mode: oneOf(o.mode, `${field}.mode`, ['images', 'models'] as const),
    rows,
    columns,
    cells,
    style: overlay(o.style, `${field}.style`),
    target: target(o.target, `${field}.target`),
    selected: optStr(o.selected, `${field}.selected`, 200),
    windows: arr(o.windows ?? [], `${field}.windows`, 1000).map((w, i) => {
      const x = obj(w, `${field}.windows[${i}]`);
      return { image: index(x.image, `${field}.windows[${i}].image`, nImages, 'image'), window: displayWindow(x.window, `${field}.windows[${i}].window`) };
    }),
    nextId: num(o.nextId, `${field}.nextId`, { int: true, min: 1 }),
    view: { zoom: num(view.zoom, `${field}.view.zoom`, { min: 1e-6, max: 1e6 }), cx: num(view.cx, `${field}.view.cx`), cy: num(view.cy, `${field}.view.cy`) },
    ...(o.cellSize == null ? {} : { cellSize: num(o.cellSize, `${field}.cellSize`, { int: true, min: 96, max: 480 }) }),
  };
}

export function mask(v: unknown, field: string, nImages: number): ProjectMask {
  const o = obj(v, field);
  const width = num(o.width, `${field}.width`, { int: true, min: 1 });
  const height = num(o.height, `${field}.height`, { int: true, min: 1 });
  const data = u8(o.data, `${field}.data`);
  if (data.length !== width * height) bad(`${field}.data`, `has ${data.length} values, ${width}×${height} needs ${width * height}`);
  const fill = str(o.fill, `${field}.fill`, 16);
  if (!FILL_PATTERN.test(fill)) bad(`${field}.fill`, `must be zero, mean, blur, noise or #rrggbb, not ${JSON.stringify(fill)}`);
  return {
    image: index(o.image, `${field}.image`, nImages, 'image'),
    width,
    height,
    data,
    fill,
    brush: num(o.brush, `${field}.brush`, { min: 1, max: 512 }),
    tool: oneOf(o.tool, `${field}.tool`, ['brush', 'eraser', 'rect', 'polygon', 'superpixel'] as const),
    useRegions: bool(o.useRegions, `${field}.useRegions`),
    autoLog: bool(o.autoLog, `${field}.autoLog`),
  };
}

export function experiments(v: unknown, field: string): ExperimentRow[] {
  return arr(v ?? [], field, 10_000).map((r, i) => {
    const row = sanitizeRow(r);
    if (!row) bad(`${field}[${i}]`, checkExperiment(r) ?? 'must have a string id and time');
    return row;
  });
}

// The grid as a self-contained HTML report: every cell's picture (PNG data
// URI from the cell export) under its colour bar and target class, and a
// table of what produced it — model, image,
// method, parameters, layer, target, value range, time. Built from the
// report blocks the evaluation reports use (src-main/shared/report/html.ts).
import { esc, figure, image, page, section, table } from '../../../src-main/shared/report/html';
import type { MethodDescriptor } from '../../../src-main/api/types';
import { cellStyle } from '../state/compare/actions';
import type { CompareState } from '../state/compare/types';
import { cellKey } from '../state/compare/types';
import { formatValue } from './cellRender';
import { cellBar, colorbarSvg } from './exportColorbar';

/** One row per cell, in reading order: the parameters of every cell. */
export function cellParameterRows(c: CompareState, methods: readonly MethodDescriptor[]): string[][] {
  const rows: string[][] = [];
  c.rows.forEach((row, i) => {
    c.columns.forEach((col, j) => {
      const cell = c.cells[cellKey(row.id, col.id)];
      const r = cell?.result;
      const style = cellStyle(c, cellKey(row.id, col.id));
      rows.push([
        `r${i + 1} c${j + 1}`,
        c.models[row.modelId]?.name ?? row.modelId,
        c.images[row.imageId]?.name ?? row.imageId,
        methods.find((m) => m.id === col.methodId)?.label ?? col.methodId,
        Object.entries(col.params)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ') || '—',
        r?.grid?.layer ?? col.layer ?? (methods.find((m) => m.id === col.methodId)?.needsLayer ? 'auto' : '—'),
        r ? `${r.target.label} (${r.target.index})` : String(c.target),
        r ? `${formatValue(r.min)} … ${formatValue(r.max)}` : '—',
        `${style.colormap}, ${style.mode}, clip ${style.clipPercentile}%${style.threshold != null ? `, threshold ${style.threshold}` : ''}`,
        r ? `${Math.round(r.ms)} ms` : (cell?.status ?? '—'),
      ]);
    });
  });
  return rows;
}

export const PARAMETER_HEAD = ['Cell', 'Model', 'Image', 'Method', 'Parameters', 'Layer', 'Target', 'Map range', 'Display', 'Time'];

/** `pictures` maps a cell key to a PNG data URI (the renderer draws them; tests pass any). */
export function gridReport(c: CompareState, methods: readonly MethodDescriptor[], pictures: Record<string, string>, meta: string[] = []): string {
  const label = (id: string) => methods.find((m) => m.id === id)?.label ?? id;
  const grid = c.rows.map((row) => [
    c.images[row.imageId]?.name ?? row.imageId,
    ...c.columns.map((col) => {
      const key = cellKey(row.id, col.id);
      const uri = pictures[key];
      if (!uri) return '—';
      const bar = cellBar(c, key, label);
      const target = c.cells[key]?.result?.target;
      const picture = image(uri, `${label(col.methodId)} on ${c.images[row.imageId]?.name ?? row.imageId}`, c.cellSize);
      return figure(`${picture}${bar ? colorbarSvg(bar, c.cellSize, key) : ''}`, target ? `Target: class '${target.label}' (${target.index})` : undefined);
    }),
  ]);
  // The grid's cells hold trusted markup (figures we built); the table block escapes text, so lay them out here.
  const gridHtml = `<table id="grid"><thead><tr><th></th>${c.columns.map((col) => `<th>${esc(label(col.methodId))}</th>`).join('')}</tr></thead>
<tbody>${grid.map(([name, ...cells]) => `<tr><th>${esc(name)}</th>${cells.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
  return page({
    title: 'Saliency Studio — comparison grid',
    meta,
    body: [section('Maps', gridHtml), section('Parameters of every cell', table({ id: 'cells', head: PARAMETER_HEAD, rows: cellParameterRows(c, methods) }))],
  });
}

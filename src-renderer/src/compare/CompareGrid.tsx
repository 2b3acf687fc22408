// The grid proper: column headers (method, parameters, remove), row headers
// (image and model, remove) and the cells. A cell can be selected for
// per-cell rendering (its Style button); again returns to "all cells".
import { useCompare, useStudioState } from '../context';
import { CellView } from './CellView';
import { ColumnParams } from './ColumnParams';
import { RowWindow } from './RowWindow';
import { cellKey } from '../state/compare/types';

const paramSummary = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

export function CompareGrid({ size }: { size: number }) {
  const rows = useStudioState((s) => s.compare.rows);
  const columns = useStudioState((s) => s.compare.columns);
  const methods = useStudioState((s) => s.methods);
  const images = useStudioState((s) => s.compare.images);
  const models = useStudioState((s) => s.compare.models);
  const selected = useStudioState((s) => s.compare.selected);
  const { controller } = useCompare();
  const hint =
    rows.length === 0 ? 'Add a row: the current image or model, or the demo samples.' : columns.length === 0 ? 'Add a column by choosing a method.' : null;
  if (rows.length === 0 && columns.length === 0) {
    return (
      <p className="placeholder muted" data-testid="compare-empty">
        {hint}
      </p>
    );
  }
  const label = (id: string) => methods.find((m) => m.id === id)?.label ?? id;
  return (
    <>
      {hint && (
        <p className="muted" data-testid="compare-hint">
          {hint}
        </p>
      )}
      <div
        className="compare-grid"
        role="grid"
        aria-label={`Comparison grid, ${rows.length} rows × ${columns.length} columns`}
        style={{ gridTemplateColumns: `minmax(7rem, auto) repeat(${columns.length}, ${size}px)` }}
        data-testid="compare-grid"
      >
        <div className="compare-corner" role="columnheader" />
        {columns.map((col) => (
          <div key={col.id} className="compare-colhead" role="columnheader" title={paramSummary(col.params)}>
            <span>
              {label(col.methodId)}
              {col.layer ? ` @ ${col.layer}` : ''}
            </span>
            <ColumnParams column={col} />
            <button type="button" className="icon" aria-label={`Remove column ${label(col.methodId)}`} onClick={() => controller.removeColumn(col.id)}>
              ×
            </button>
          </div>
        ))}
        {rows.map((row) => (
          <div key={row.id} className="compare-row" role="row">
            <div className="compare-rowhead" role="rowheader">
              <strong>{images[row.imageId]?.name ?? row.imageId}</strong>
              <span className="muted">{models[row.modelId]?.name ?? row.modelId}</span>
              <RowWindow imageId={row.imageId} />
              <button
                type="button"
                className="icon"
                aria-label={`Remove row ${images[row.imageId]?.name ?? row.imageId}`}
                onClick={() => controller.removeRow(row.id)}
              >
                ×
              </button>
            </div>
            {columns.map((col) => {
              const key = cellKey(row.id, col.id);
              return (
                <div key={col.id} role="gridcell" aria-selected={selected === key}>
                  <CellView row={row} column={col} size={size} />
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </>
  );
}

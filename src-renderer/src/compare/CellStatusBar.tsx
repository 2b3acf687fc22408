// A cell's job state over its canvas: queued / progress with cancel / the
// error with retry. Nothing is shown once the map is in.
import type { CompareCell } from '../state/compare/types';
import { useCompare } from '../context';
import './CellStatusBar.css';

export function CellStatusBar({ cellKey, cell }: { cellKey: string; cell: CompareCell }) {
  const { controller } = useCompare();
  if (cell.status === 'done') return null;
  const p = cell.progress;
  const fraction = p && p.total > 0 ? p.done / p.total : null;
  return (
    <div className={`cell-status ${cell.status}`} role="status" aria-label={`Cell ${cell.status}`}>
      {cell.status === 'queued' && <span>Queued</span>}
      {cell.status === 'running' && (
        <>
          <progress max={1} value={fraction ?? undefined} aria-label="Cell progress" />
          <span>{p?.message ?? 'Running…'}</span>
        </>
      )}
      {cell.status === 'failed' && (
        <span className="cell-error" title={cell.error ?? ''}>
          {cell.error}
        </span>
      )}
      {cell.status === 'cancelled' && <span>Cancelled</span>}
      {(cell.status === 'queued' || cell.status === 'running') && (
        <button type="button" onClick={() => void controller.cancelCell(cellKey)} aria-label="Cancel this cell">
          Cancel
        </button>
      )}
      {(cell.status === 'failed' || cell.status === 'cancelled') && (
        <button type="button" onClick={() => controller.retryCell(cellKey)} aria-label="Run this cell again">
          Retry
        </button>
      )}
    </div>
  );
}

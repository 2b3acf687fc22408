// Building the grid: the row kind, rows (current image/model, demo samples),
// columns (a method each), cell size, view (fit, 1:1) and cancel-all.
import { useId } from 'react';
import { useCompare, useDispatch, useStudioState } from '../context';
import { compare as cmp } from '../state/actions';
import { CELL_SIZES } from '../state/compare/actions';
import type { CompareMode } from '../state/compare/types';
import { FIT_VIEW, oneToOne } from './viewSync';
import { CompareExport } from './CompareExport';
import { TargetControl } from '../components/TargetField';

interface Props {
  size: number;
  onSize(size: number): void;
}

export function CompareToolbar({ size, onSize }: Props) {
  const mode = useStudioState((s) => s.compare.mode);
  const methods = useStudioState((s) => s.methods);
  const demo = useStudioState((s) => s.demos.find((d) => d.id === s.demoId) ?? null);
  const canAdd = useStudioState((s) => s.model !== null && s.image !== null);
  const busy = useStudioState((s) => Object.values(s.compare.cells).some((c) => c.status === 'queued' || c.status === 'running'));
  const firstImage = useStudioState((s) => (s.compare.rows[0] ? s.compare.pixels[s.compare.rows[0].imageId] : undefined));
  const target = useStudioState((s) => s.compare.target);
  // A class index must exist in every row's model.
  const numClasses = useStudioState((s) => Math.min(...s.compare.rows.map((r) => s.compare.models[r.modelId]?.numClasses ?? 0)));
  const labels = useStudioState((s) => (s.compare.rows[0] ? (s.compare.models[s.compare.rows[0].modelId]?.labels ?? null) : null));
  const dispatch = useDispatch();
  const { controller, viewSync } = useCompare();
  const addId = useId();
  const sizeId = useId();
  return (
    <div className="compare-toolbar" role="toolbar" aria-label="Comparison grid">
      <div className="segmented" role="radiogroup" aria-label="Rows are">
        {(['images', 'models'] as CompareMode[]).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => dispatch(cmp.modeChanged, m)}>
            {m === 'images' ? 'Methods × images' : 'Models × methods'}
          </button>
        ))}
      </div>
      <button type="button" disabled={!canAdd} onClick={() => void controller.addCurrentRow()}>
        {mode === 'images' ? 'Add current image' : 'Add current model'}
      </button>
      {mode === 'images' && demo && (
        <button type="button" disabled={!canAdd} onClick={() => void controller.addDemoRows(demo)}>
          Add demo samples
        </button>
      )}
      <label htmlFor={addId}>Add column</label>
      <select id={addId} value="" onChange={(e) => e.currentTarget.value && controller.addColumn(e.currentTarget.value)}>
        <option value="">Choose a method…</option>
        {methods.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <TargetControl
        target={target}
        numClasses={Number.isFinite(numClasses) ? numClasses : 0}
        labels={labels}
        disabled={false}
        onChange={(t) => dispatch(cmp.targetChanged, t)}
      />
      <label htmlFor={sizeId}>Cell size</label>
      <input
        id={sizeId}
        type="range"
        min={CELL_SIZES.min}
        max={CELL_SIZES.max}
        step={16}
        value={size}
        onChange={(e) => onSize(Number(e.currentTarget.value))}
      />
      <output htmlFor={sizeId}>{size}px</output>
      <button type="button" onClick={() => viewSync.setView(FIT_VIEW)} aria-label="Fit every cell (0)">
        Fit
      </button>
      <button
        type="button"
        disabled={!firstImage}
        onClick={() => firstImage && viewSync.setView(oneToOne(viewSync.view(), firstImage.width, firstImage.height, size, size))}
        aria-label="One image pixel per screen pixel (1)"
      >
        1:1
      </button>
      <button type="button" disabled={!busy} onClick={() => void controller.cancelAll()}>
        Cancel all
      </button>
      <CompareExport />
    </div>
  );
}

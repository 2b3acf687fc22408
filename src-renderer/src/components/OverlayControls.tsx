// Colormap, opacity, abs/signed and the native grid: display only, never an engine call.
import { useId } from 'react';
import { useDispatch, useStudioState } from '../context';
import { display } from '../state/actions';
import { COLORMAPS, type ColormapName, type MapMode } from '../state/types';

export function OverlayControls() {
  const overlay = useStudioState((s) => s.overlay);
  const hasResult = useStudioState((s) => s.result !== null);
  const hasGrid = useStudioState((s) => Boolean(s.result?.grid));
  const dispatch = useDispatch();
  const cmapId = useId();
  const opacityId = useId();
  const showId = useId();
  const clipId = useId();
  const gridId = useId();
  const set = (patch: Parameters<typeof display.overlayChanged>[1]) => dispatch(display.overlayChanged, patch);
  return (
    <div className="overlay-controls" role="group" aria-label="Overlay display">
      <span className="field-check">
        <input id={showId} type="checkbox" checked={overlay.visible} onChange={(e) => set({ visible: e.currentTarget.checked })} />
        <label htmlFor={showId}>Overlay</label>
      </span>
      <label htmlFor={cmapId}>Colormap</label>
      <select id={cmapId} value={overlay.colormap} onChange={(e) => set({ colormap: e.currentTarget.value as ColormapName })}>
        {COLORMAPS.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
      <label htmlFor={opacityId}>Opacity</label>
      <input id={opacityId} type="range" min={0} max={1} step={0.05} value={overlay.opacity}
        onChange={(e) => set({ opacity: Number(e.currentTarget.value) })} />
      <output htmlFor={opacityId}>{Math.round(overlay.opacity * 100)}%</output>
      <label htmlFor={clipId}>Clip</label>
      <input id={clipId} type="range" min={90} max={100} step={0.1} value={overlay.clipPercentile}
        onChange={(e) => set({ clipPercentile: Number(e.currentTarget.value) })} />
      <output htmlFor={clipId}>{overlay.clipPercentile.toFixed(1)}%</output>
      <div className="segmented" role="radiogroup" aria-label="Attribution sign">
        {(['abs', 'signed'] as MapMode[]).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={overlay.mode === m} onClick={() => set({ mode: m })}>
            {m === 'abs' ? '|abs|' : '± signed'}
          </button>
        ))}
      </div>
      {hasGrid && (
        <span className="field-check">
          <input id={gridId} type="checkbox" checked={overlay.grid}
            onChange={(e) => dispatch(display.gridToggled, e.currentTarget.checked)} />
          <label htmlFor={gridId}>Show native grid</label>
        </span>
      )}
      {!hasResult && <span className="muted">No explanation yet.</span>}
    </div>
  );
}

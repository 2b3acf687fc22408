// The overlay's look as a controlled component (value + onChange), shared by
// the single view and the comparison grid (all cells, or the selected one):
// colormap, opacity (with the alpha ramp: low values transparent, or flat),
// percentile clipping, threshold with contours, abs/signed and the native
// grid of activation maps. Display only, never an engine call.
import { useId, type ReactNode } from 'react';
import { COLORMAPS, type ColormapName, type MapMode, type OverlayStyle } from '../state/types';

interface Props {
  style: OverlayStyle;
  onChange(patch: Partial<OverlayStyle>): void;
  label: string;
  /** Offer "Show native grid" (some result carries an activation map's grid). */
  hasGrid: boolean;
  children?: ReactNode;
  /** The mode is chosen per map unless pinned: shows the pinned state and the way back to automatic (the single view). */
  pin?: { pinned: boolean; onUnpin(): void };
}

export function StyleControls({ style, onChange, label, hasGrid, children, pin }: Props) {
  const cmapId = useId();
  const opacityId = useId();
  const rampId = useId();
  const showId = useId();
  const clipId = useId();
  const gridId = useId();
  const thresholdOnId = useId();
  const thresholdId = useId();
  const contoursId = useId();
  return (
    <div className="overlay-controls" role="group" aria-label={label}>
      <span className="field-check">
        <input id={showId} type="checkbox" checked={style.visible} onChange={(e) => onChange({ visible: e.currentTarget.checked })} />
        <label htmlFor={showId}>Overlay</label>
      </span>
      <label htmlFor={cmapId}>Colormap</label>
      <select id={cmapId} value={style.colormap} onChange={(e) => onChange({ colormap: e.currentTarget.value as ColormapName })}>
        {COLORMAPS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label htmlFor={opacityId}>Opacity</label>
      <input
        id={opacityId}
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={style.opacity}
        onChange={(e) => onChange({ opacity: Number(e.currentTarget.value) })}
      />
      <output htmlFor={opacityId}>{Math.round(style.opacity * 100)}%</output>
      <span
        className="field-check"
        title="Alpha ramp: opacity rises with |value|, so zero attribution leaves the image as it is. Off: the same opacity everywhere."
      >
        <input
          id={rampId}
          type="checkbox"
          data-testid="alpha-ramp"
          checked={style.alpha !== 'flat'}
          onChange={(e) => onChange({ alpha: e.currentTarget.checked ? 'ramp' : 'flat' })}
        />
        <label htmlFor={rampId}>Fade low values</label>
      </span>
      <label htmlFor={clipId}>Clip</label>
      <input
        id={clipId}
        type="range"
        min={90}
        max={100}
        step={0.1}
        value={style.clipPercentile}
        onChange={(e) => onChange({ clipPercentile: Number(e.currentTarget.value) })}
      />
      <output htmlFor={clipId}>{style.clipPercentile.toFixed(1)}%</output>
      <span className="field-check">
        <input
          id={thresholdOnId}
          type="checkbox"
          checked={style.threshold !== null}
          onChange={(e) => onChange({ threshold: e.currentTarget.checked ? 0.5 : null })}
        />
        <label htmlFor={thresholdOnId}>Threshold</label>
      </span>
      {style.threshold !== null && (
        <>
          <input
            id={thresholdId}
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={style.threshold}
            aria-label="Threshold, fraction of the colour range"
            data-testid="threshold-slider"
            onChange={(e) => onChange({ threshold: Number(e.currentTarget.value) })}
          />
          <output htmlFor={thresholdId}>{Math.round(style.threshold * 100)}%</output>
          <span className="field-check">
            <input
              id={contoursId}
              type="checkbox"
              checked={style.contours}
              data-testid="contours-toggle"
              onChange={(e) => onChange({ contours: e.currentTarget.checked })}
            />
            <label htmlFor={contoursId}>Contours</label>
          </span>
        </>
      )}
      <div
        className={`segmented${pin?.pinned ? ' pinned' : ''}`}
        role="radiogroup"
        aria-label="Attribution sign"
        data-testid="sign-mode"
        data-mode={style.mode}
        {...(pin ? { 'data-pinned': String(pin.pinned) } : {})}
        title={pin ? (pin.pinned ? 'Pinned: every map keeps this mode' : 'Automatic: each map opens in its own mode (click one to pin it)') : undefined}
      >
        {(['abs', 'signed'] as MapMode[]).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={style.mode === m} onClick={() => onChange({ mode: m })}>
            {m === 'abs' ? '|abs|' : '± signed'}
          </button>
        ))}
      </div>
      {pin &&
        (pin.pinned ? (
          <span className="mode-pin">
            <span className="mode-pin-mark" data-testid="mode-pinned">
              pinned
            </span>
            <button type="button" data-testid="mode-unpin" title="Back to automatic: each map opens in its own mode" onClick={pin.onUnpin}>
              Auto
            </button>
          </span>
        ) : (
          <span className="muted mode-auto" data-testid="mode-auto">
            auto
          </span>
        ))}
      {hasGrid && (
        <span className="field-check">
          <input id={gridId} type="checkbox" checked={style.grid} onChange={(e) => onChange({ grid: e.currentTarget.checked })} />
          <label htmlFor={gridId}>Show native grid</label>
        </span>
      )}
      {children}
    </div>
  );
}

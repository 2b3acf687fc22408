// Display window/level: changes only what the screen shows, never the model input.
// Also right-drag on the image (tools/useWindowDrag.ts), presets and invert.
import { useId, useMemo } from 'react';
import { useDispatch, useStudioState } from '../context';
import { windowLimits } from '../render/windowLevel';
import { windowPresets } from '../render/windowPresets';
import { display } from '../state/actions';
import { Panel } from './Panel';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

export function WindowLevelPanel() {
  const image = useStudioState((s) => s.image);
  const pixels = useStudioState((s) => s.pixels);
  const win = useStudioState((s) => s.window);
  const dispatch = useDispatch();
  const centreId = useId();
  const widthId = useId();
  const invertId = useId();
  const presets = useMemo(() => (image && pixels ? windowPresets(image, pixels) : []), [image, pixels]);
  if (!image || !pixels || !win) return null;
  const limits = windowLimits(image.min, image.max);
  const step = (limits.width[1] - limits.width[0]) / 1000;
  return (
    <Panel title="Display window">
      <div className="slider-row">
        <label htmlFor={centreId}>Centre</label>
        <input
          id={centreId}
          type="range"
          min={limits.center[0]}
          max={limits.center[1]}
          step={step}
          value={win.center}
          aria-valuetext={fmt(win.center)}
          onChange={(e) => dispatch(display.windowChanged, { ...win, center: Number(e.currentTarget.value) })}
        />
        <output htmlFor={centreId}>{fmt(win.center)}</output>
      </div>
      <div className="slider-row">
        <label htmlFor={widthId}>Width</label>
        <input
          id={widthId}
          type="range"
          min={limits.width[0]}
          max={limits.width[1]}
          step={step}
          value={win.width}
          aria-valuetext={fmt(win.width)}
          onChange={(e) => dispatch(display.windowChanged, { ...win, width: Number(e.currentTarget.value) })}
        />
        <output htmlFor={widthId}>{fmt(win.width)}</output>
      </div>
      <div className="wl-presets" role="group" aria-label="Window presets">
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            title={`Centre ${fmt(p.window.center)}, width ${fmt(p.window.width)}`}
            onClick={() => dispatch(display.windowChanged, { ...p.window, invert: win.invert })}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="button-row">
        <button type="button" onClick={() => dispatch(display.windowReset)}>
          Reset window
        </button>
        <span className="field-check">
          <input
            id={invertId}
            type="checkbox"
            checked={Boolean(win.invert)}
            onChange={(e) => dispatch(display.windowChanged, { ...win, invert: e.currentTarget.checked })}
          />
          <label htmlFor={invertId}>Invert</label>
        </span>
        {pixels.invert && <span className="muted">MONOCHROME1: shown inverted{win.invert ? ' (flipped back)' : ''}</span>}
      </div>
      <p className="hint muted">Right-drag on the image: left–right width, up–down level. Display only: the model always sees the original values.</p>
    </Panel>
  );
}

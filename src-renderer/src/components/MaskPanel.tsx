// The masking lab's controls: tool mode, tools, brush size, fill, history,
// mask files, the live scores and "log this mask".
import { useId, useRef } from 'react';
import { liveIsCurrent } from '../state/maskLab';
import { FillField } from './FillField';
import { MASK_TOOLS, type MaskToolName } from '../tools/maskTool';
import { MaskLive } from './MaskLive';
import { Panel } from './Panel';
import { useMaskLab } from '../context';
import { useStore } from '../state/store';

const TOOL_LABELS: Record<MaskToolName, string> = { brush: 'Brush', eraser: 'Eraser', rect: 'Rectangle', polygon: 'Polygon', superpixel: 'Superpixel' };
const TOOL_HINTS: Record<MaskToolName, string> = {
  brush: 'Drag to hide pixels.',
  eraser: 'Drag to show pixels again.',
  rect: 'Drag a rectangle; Alt or Shift subtracts.',
  polygon: 'Click the corners; double-click or Enter closes, Escape cancels; Alt or Shift subtracts.',
  superpixel: 'Click a superpixel to hide it, again to show it.',
};

export function MaskPanel() {
  const lab = useMaskLab();
  const s = useStore(lab.store, (x) => x);
  const ids = { on: useId(), brush: useId(), fill: useId(), auto: useId() };
  const file = useRef<HTMLInputElement>(null);
  const h = s.history;
  const maxBrush = h ? Math.max(16, Math.round(Math.min(h.width, h.height) / 2)) : 64;
  const canLog = liveIsCurrent(s) && !s.preview;

  return (
    <Panel title="Masking lab" className="mask-panel">
      <span className="field-check">
        <input id={ids.on} type="checkbox" checked={s.active} disabled={!h} onChange={(e) => lab.setActive(e.currentTarget.checked)} />
        <label htmlFor={ids.on}>Mask tool</label>
      </span>
      {!h && <p className="hint muted">Open an image to paint masks on it.</p>}
      {s.active && h && (
        <>
          <div className="segmented mask-tools" role="radiogroup" aria-label="Mask tools">
            {MASK_TOOLS.map((t) => (
              <button key={t} type="button" role="radio" aria-checked={s.tool === t} onClick={() => lab.setTool(t)}>
                {TOOL_LABELS[t]}
              </button>
            ))}
          </div>
          <p className="hint muted">
            {TOOL_HINTS[s.tool]}
            {s.tool === 'superpixel' && !s.segments && ' Computing superpixels…'}
          </p>
          {(s.tool === 'brush' || s.tool === 'eraser') && (
            <div className="slider-row">
              <label htmlFor={ids.brush}>Size</label>
              <input
                id={ids.brush}
                type="range"
                min={1}
                max={maxBrush}
                step={1}
                value={s.brush}
                onChange={(e) => lab.setBrush(Number(e.currentTarget.value))}
              />
              <output htmlFor={ids.brush}>{s.brush} px</output>
            </div>
          )}
          <div className="field-check">
            <label htmlFor={ids.fill}>Fill</label>
            <FillField id={ids.fill} value={s.fill} def="zero" onChange={lab.setFill} />
          </div>
          <div className="button-row">
            <button type="button" onClick={lab.undo} disabled={!h.past.length} title="Ctrl+Z">
              Undo
            </button>
            <button type="button" onClick={lab.redo} disabled={!h.future.length} title="Ctrl+Shift+Z">
              Redo
            </button>
            <button type="button" onClick={lab.clear}>
              Clear
            </button>
            <button type="button" onClick={lab.invert}>
              Invert
            </button>
          </div>
          <div className="button-row">
            <button type="button" onClick={() => file.current?.click()}>
              Load mask…
            </button>
            <button type="button" onClick={() => lab.saveMask()}>
              Save mask PNG
            </button>
            <input
              ref={file}
              type="file"
              accept="image/png"
              hidden
              aria-label="Mask PNG file"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (f) void lab.loadMask(f);
              }}
            />
          </div>
          <MaskLive />
          <div className="button-row">
            <button type="button" className="primary" disabled={!canLog} onClick={() => void lab.logCurrent()}>
              Log this mask
            </button>
            <span className="field-check">
              <input id={ids.auto} type="checkbox" checked={s.autoLog} onChange={(e) => lab.setAutoLog(e.currentTarget.checked)} />
              <label htmlFor={ids.auto}>Log every edit</label>
            </span>
          </div>
        </>
      )}
    </Panel>
  );
}

// A row's display window in the grid: the presets of the single view
// (DICOM VOI, full range, 1–99 percentile; CT lung/mediastinum/bone/brain)
// and invert, for every cell of the row. Right-drag on a cell fine-tunes it.
import { useId, useMemo } from 'react';
import { useDispatch, useStudioState } from '../context';
import { windowPresets } from '../render/windowPresets';
import { compare as cmp } from '../state/actions';

export function RowWindow({ imageId }: { imageId: string }) {
  const info = useStudioState((s) => s.compare.images[imageId]);
  const pixels = useStudioState((s) => s.compare.pixels[imageId]);
  const win = useStudioState((s) => s.compare.windows[imageId]);
  const dispatch = useDispatch();
  const presetId = useId();
  const invertId = useId();
  const presets = useMemo(() => (info && pixels ? windowPresets(info, pixels) : []), [info, pixels]);
  if (!info || !pixels || !win) return null;
  const name = info.name;
  return (
    <div className="row-window">
      <select
        id={presetId}
        value=""
        aria-label={`Window preset for ${name}`}
        onChange={(e) => {
          const p = presets.find((x) => x.id === e.currentTarget.value);
          if (p) dispatch(cmp.windowChanged, imageId, { ...p.window, invert: win.invert });
        }}
      >
        <option value="">W/L…</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <span className="field-check">
        <input
          id={invertId}
          type="checkbox"
          checked={Boolean(win.invert)}
          aria-label={`Invert ${name}`}
          onChange={(e) => dispatch(cmp.windowChanged, imageId, { ...win, invert: e.currentTarget.checked })}
        />
        <label htmlFor={invertId}>Invert</label>
      </span>
      <small className="muted" data-testid="row-window">
        C {Number(win.center.toPrecision(4))} / W {Number(win.width.toPrecision(4))}
      </small>
    </div>
  );
}

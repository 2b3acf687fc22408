// The CAM layer: the model's eligible layers, the automatic one first and
// selected by default (state layer null = "let the engine pick").
import { useId } from 'react';
import type { ModelInfo } from '../../../src-main/api/types';
import { useDispatch, useStudioState } from '../context';
import { explain as ex } from '../state/actions';
import { layerChoices, layerLabel } from '../state/layers';

export function LayerPicker({ model, disabled }: { model: ModelInfo; disabled: boolean }) {
  const layer = useStudioState((s) => s.layer);
  const all = useStudioState((s) => s.allLayers);
  const dispatch = useDispatch();
  const selId = useId();
  const allId = useId();
  const { auto, eligible, others } = layerChoices(model, layer);
  const value = layer === null || layer === auto?.name ? '' : layer;

  return (
    <>
      <label htmlFor={selId}>Layer</label>
      <select id={selId} value={value} disabled={disabled} onChange={(e) => dispatch(ex.layerChanged, e.currentTarget.value || null)}>
        <option value="">{auto ? layerLabel(auto) : 'automatic'} (auto)</option>
        {eligible.map((l) => (
          <option key={l.name} value={l.name}>
            {layerLabel(l)}
          </option>
        ))}
        {all && others.length > 0 && (
          <optgroup label="Not CAM-eligible">
            {others.map((l) => (
              <option key={l.name} value={l.name} disabled>
                {layerLabel(l)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <span className="field-check">
        <input id={allId} type="checkbox" checked={all} disabled={disabled} onChange={(e) => dispatch(ex.allLayersToggled, e.currentTarget.checked)} />
        <label htmlFor={allId}>All layers</label>
      </span>
    </>
  );
}

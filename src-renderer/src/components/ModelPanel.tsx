import { useId } from 'react';
import { presetFacts, presetsFor } from '../../../src-main/api/preprocess-spec';
import type { ModelInfo, PreprocessPreset } from '../../../src-main/api/types';
import { useStudio, useStudioState } from '../context';
import { Facts, Panel } from './Panel';
import { PreprocessEditor } from './PreprocessEditor';

const shape = (dims: (number | null)[]) => `[${dims.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/** The presets, torchvision first for an ONNX file; choosing one reopens the model with it (state/presetController.ts). */
function PresetPicker({ model }: { model: ModelInfo }) {
  const { preset } = useStudio();
  const busy = useStudioState((s) => s.loading !== null || s.job !== null);
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Preprocessing preset</label>
      <select id={id} value={model.preprocess.preset} disabled={busy} onChange={(e) => void preset.choose(e.currentTarget.value as PreprocessPreset)}>
        {presetsFor(model.format).map((p) => (
          <option key={p} value={p}>
            {p} — {presetFacts(p).does}
          </option>
        ))}
      </select>
      <p className="hint muted">Another preset reopens the model: the prediction is made again and the map is cleared.</p>
    </>
  );
}

export function ModelPanel() {
  const model = useStudioState((s) => s.model);
  return (
    <Panel title="Model">
      {!model ? (
        <p className="muted">No model open.</p>
      ) : (
        <>
          <Facts
            rows={[
              ['Name', model.name],
              ['Format', model.format],
              ['Input shape', shape(model.inputShape)],
              ['Pipeline input', `${model.inputHeight}×${model.inputWidth}×${model.inputChannels}`],
              ['Classes', model.numClasses],
              ['Layers', model.layers.length],
              ['Forward passes', model.forwardRuntime ?? 'tfjs (the engine backend)'],
              ['Gradients', model.gradientRuntime ?? 'tfjs (the engine backend)'],
              ['Preprocess', `${model.preprocess.preset}, ${model.preprocess.resize}${model.preprocess.invert ? ', inverted' : ''}`],
              ...(model.numOutputs > 1 ? [['Class output', `${model.outputIndex + 1} of ${model.numOutputs}`] as [string, string]] : []),
            ]}
          />
          <PresetPicker model={model} />
          <PreprocessEditor model={model} />
          {model.warnings.length > 0 && (
            <ul className="warnings" aria-label="Model warnings">
              {model.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

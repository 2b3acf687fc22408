import { useStudioState } from '../context';
import { Facts, Panel } from './Panel';

const shape = (dims: (number | null)[]) => `[${dims.map((d) => (d === null ? '?' : d)).join(', ')}]`;

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
              ['Preprocess', `${model.preprocess.preset}, ${model.preprocess.resize}${model.preprocess.invert ? ', inverted' : ''}`],
              ...(model.numOutputs > 1 ? [['Class output', `${model.outputIndex + 1} of ${model.numOutputs}`] as [string, string]] : []),
            ]}
          />
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

import { useDispatch, useStudioState } from '../context';
import { explain } from '../state/actions';
import { DistributionWarning } from './DistributionWarning';
import { Panel } from './Panel';

export function PredictionTable() {
  const prediction = useStudioState((s) => s.prediction);
  const predicting = useStudioState((s) => s.predicting);
  const target = useStudioState((s) => s.target);
  // Without labels the label is "class 173": the index beside it would only repeat it.
  const labelled = useStudioState((s) => s.model?.labels != null);
  const dispatch = useDispatch();
  return (
    <Panel title={prediction?.multiLabel ? 'Top classes (multi-label)' : 'Top classes'}>
      {predicting && (
        <p className="muted" role="status">
          Predicting…
        </p>
      )}
      {!prediction && !predicting && <p className="muted">Open a model and an image.</p>}
      <DistributionWarning />
      {prediction && (
        <table className="top-classes" aria-label="Top-5 classes">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Logit
              </th>
              <th
                scope="col"
                className="num"
                title={prediction.multiLabel ? 'Each class its own sigmoid: they do not sum to 100%' : 'Softmax over the classes'}
              >
                {prediction.multiLabel ? 'Sigmoid' : 'Prob.'}
              </th>
              <th scope="col">
                <span className="visually-hidden">Target</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {prediction.top.map((c) => (
              <tr key={c.index}>
                <th scope="row">
                  {labelled && <span className="muted">{c.index} </span>}
                  {c.label}
                  <div className="bar" aria-hidden="true">
                    <div style={{ width: `${(c.probability * 100).toFixed(1)}%` }} />
                  </div>
                </th>
                <td className="num">{c.logit.toFixed(3)}</td>
                <td className="num">{(c.probability * 100).toFixed(1)}%</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={target === c.index}
                    aria-label={`Explain class ${c.label}`}
                    onClick={() => dispatch(explain.targetChanged, target === c.index ? 'top' : c.index)}
                  >
                    target
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {prediction?.multiLabel && (
        <p className="hint muted" data-testid="multi-label-note">
          Multi-label: {prediction.top.filter((c) => c.probability >= (prediction.threshold ?? 0.5)).length} classes at or above{' '}
          {((prediction.threshold ?? 0.5) * 100).toFixed(0)}%; each class is an independent sigmoid.
        </p>
      )}
      {prediction && <p className="hint muted">{prediction.ms.toFixed(0)} ms</p>}
    </Panel>
  );
}

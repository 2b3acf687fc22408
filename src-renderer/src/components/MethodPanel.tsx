import { useId } from 'react';
import type { MethodFamily } from '../../../src-main/api/types';
import { useController, useDispatch, useStudio, useStudioState } from '../context';
import { explain as ex } from '../state/actions';
import { estimateFor } from '../state/estimate';
import { useStore } from '../state/store';
import { buttonEstimate, estimateDetail, isLong, shownText } from './jobText';
import { JobStatus } from './JobStatus';
import { LayerPicker } from './LayerPicker';
import { Panel } from './Panel';
import { ParamForm } from './ParamForm';
import { RegionsToggle } from './RegionsToggle';
import { TargetField } from './TargetField';
import { TargetRegionField } from './TargetRegionField';
import './MethodPanel.css';

const FAMILIES: MethodFamily[] = ['gradient', 'activation', 'perturbation', 'control'];

export function MethodPanel() {
  const methods = useStudioState((s) => s.methods);
  const methodId = useStudioState((s) => s.methodId);
  const params = useStudioState((s) => s.params);
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const job = useStudioState((s) => s.job);
  const dispatch = useDispatch();
  const controller = useController();
  const methodSel = useId();
  const method = methods.find((m) => m.id === methodId) ?? null;
  const running = job !== null;
  const ready = Boolean(model && image && method) && !running;
  // The price of a run (passes × the open model's measured ms per pass), and which method's map is on screen.
  const { meter } = useStudio();
  const timing = useStore(meter, (m) => m.timing);
  const ratio = useStore(meter, (m) => m.ratio);
  const layer = useStudioState((s) => s.layer);
  const regions = useStudioState((s) => s.regions);
  const estimate = estimateFor({ model, methods, methodId, params, layer, regions }, { timing, ratio });
  const estimateId = useId();
  const shown = useStudioState((s) => s.result?.method ?? null);

  return (
    <Panel title="Explain">
      <label htmlFor={methodSel}>Method</label>
      <select
        id={methodSel}
        value={methodId ?? ''}
        disabled={running || methods.length === 0}
        onChange={(e) => dispatch(ex.methodSelected, e.currentTarget.value)}
      >
        {methods.length === 0 && <option value="">No methods</option>}
        {FAMILIES.map((f) => {
          const group = methods.filter((m) => m.family === f);
          return group.length === 0 ? null : (
            <optgroup key={f} label={f}>
              {group.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      {method && (
        <p className="hint muted">
          {method.family} · {method.paper}
        </p>
      )}
      {method?.peers && <p className="hint muted">{method.peers}</p>}
      {shown && shown !== methodId && (
        <p className="hint shown-map" data-testid="shown-map" data-method={shown}>
          On the canvas: {shownText(shown, methods)}
        </p>
      )}

      {method && <ParamForm compact params={method.params} values={params} disabled={running} onChange={(name, v) => dispatch(ex.paramChanged, name, v)} />}

      {method?.acceptsRegions && <RegionsToggle disabled={running} />}

      <TargetField disabled={running} />

      <TargetRegionField disabled={running} />

      {method?.needsLayer && model && <LayerPicker model={model} disabled={running} />}

      <div className="button-row">
        <button
          type="button"
          className={`primary${isLong(estimate) ? ' long-job' : ''}`}
          disabled={!ready}
          onClick={() => void controller.explain()}
          aria-describedby={estimate ? estimateId : undefined}
          title={estimate ? estimateDetail(estimate) : undefined}
        >
          Explain
          {estimate && (
            <span aria-hidden="true" data-testid="explain-estimate" data-ms={Math.round(estimate.ms)}>
              {buttonEstimate(estimate)}
            </span>
          )}
        </button>
        {running && (
          <button type="button" disabled={job.cancelRequested} onClick={() => void controller.cancel()}>
            {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {estimate && !running && (
        <p id={estimateId} className={`hint${isLong(estimate) ? ' long-job-note' : ' muted'}`} data-testid="explain-estimate-note">
          {isLong(estimate) ? 'Long run: ' : 'Estimated '}
          {estimateDetail(estimate)}
        </p>
      )}
      <JobStatus />
    </Panel>
  );
}

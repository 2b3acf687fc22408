// Target class: the top prediction, or any class index.
import { useId } from 'react';
import { useDispatch, useStudioState } from '../context';
import { explain as ex } from '../state/actions';
import type { TargetSpec } from '../../../src-main/api/types';
import { NumberField } from './NumberField';

export function TargetField({ disabled }: { disabled: boolean }) {
  const target = useStudioState((s) => s.target);
  const model = useStudioState((s) => s.model);
  const dispatch = useDispatch();
  return (
    <TargetControl
      target={target}
      numClasses={model?.numClasses ?? 0}
      labels={model?.labels ?? null}
      disabled={disabled}
      onChange={(t) => dispatch(ex.targetChanged, t)}
    />
  );
}

interface ControlProps {
  target: TargetSpec;
  numClasses: number;
  labels: readonly string[] | null;
  disabled: boolean;
  onChange(target: TargetSpec): void;
}

/** The target as a controlled component: the single view's and the grid's. */
export function TargetControl({ target, numClasses, labels, disabled, onChange }: ControlProps) {
  const kindId = useId();
  const indexId = useId();
  const label = typeof target === 'number' ? labels?.[target] : undefined;
  return (
    <div className="target">
      <label htmlFor={kindId}>Target</label>
      <select
        id={kindId}
        value={target === 'top' ? 'top' : 'index'}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value === 'top' ? 'top' : 0)}
      >
        <option value="top">Top class</option>
        <option value="index" disabled={numClasses === 0}>
          Class index
        </option>
      </select>
      {typeof target === 'number' && (
        <div className="field">
          <label htmlFor={indexId}>Class index (0…{Math.max(0, numClasses - 1)})</label>
          <NumberField id={indexId} value={target} integer min={0} max={Math.max(0, numClasses - 1)} disabled={disabled} onCommit={(v) => onChange(v)} />
          {label && <small className="muted">{label}</small>}
        </div>
      )}
    </div>
  );
}

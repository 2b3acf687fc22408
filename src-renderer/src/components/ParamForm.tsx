// The form for one method, built from its `params` schema.
import { useId } from 'react';
import type { ParamSpec, ParamValues } from '../../../src-main/api/types';
import { NumberField } from './NumberField';

interface Props {
  params: ParamSpec[];
  values: ParamValues;
  disabled: boolean;
  onChange(name: string, value: number | string | boolean): void;
}

function Field({ spec, value, disabled, onChange }: { spec: ParamSpec; value: ParamValues[string]; disabled: boolean; onChange: Props['onChange'] }) {
  const id = useId();
  const helpId = `${id}-help`;
  const current = value ?? spec.default;
  const range = spec.min !== undefined || spec.max !== undefined ? ` (${spec.min ?? '−∞'}…${spec.max ?? '∞'})` : '';
  if (spec.type === 'bool') {
    return (
      <div className="field field-check">
        <input id={id} type="checkbox" checked={Boolean(current)} disabled={disabled} aria-describedby={helpId}
          onChange={(e) => onChange(spec.name, e.currentTarget.checked)} />
        <label htmlFor={id}>{spec.name}</label>
        <small id={helpId} className="muted">{spec.help}</small>
      </div>
    );
  }
  let control;
  if (spec.type === 'enum') {
    control = (
      <select id={id} value={String(current)} disabled={disabled} aria-describedby={helpId}
        onChange={(e) => onChange(spec.name, e.currentTarget.value)}>
        {(spec.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (spec.type === 'int' || spec.type === 'float') {
    control = (
      <NumberField id={id} value={Number(current)} integer={spec.type === 'int'} min={spec.min} max={spec.max}
        disabled={disabled} describedBy={helpId} onCommit={(v) => onChange(spec.name, v)} />
    );
  } else {
    control = (
      <input id={id} type="text" value={String(current)} disabled={disabled} aria-describedby={helpId}
        onChange={(e) => onChange(spec.name, e.currentTarget.value)} />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{spec.name}{range}</label>
      {control}
      <small id={helpId} className="muted">{spec.help}</small>
    </div>
  );
}

export function ParamForm({ params, values, disabled, onChange }: Props) {
  if (params.length === 0) return <p className="muted">No parameters.</p>;
  return (
    <fieldset className="params" disabled={disabled}>
      <legend>Parameters</legend>
      {params.map((p) => (
        <Field key={p.name} spec={p} value={values[p.name]} disabled={disabled} onChange={onChange} />
      ))}
    </fieldset>
  );
}

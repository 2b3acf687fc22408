// The form for a parameter schema (ParamSpec[]): a method's (from the engine's
// registry), a grid column's, the class model's (src-main/api/class-model-params.ts).
// One field per spec, by its type; numbers the user steers live may be sliders.
import { useId } from 'react';
import type { ParamSpec, ParamValues } from '../../../src-main/api/types';
import { FillField } from './FillField';
import { NumberField } from './NumberField';

/** [min, max, step] of a slider: narrower than the schema's limits, where the useful values are. */
export type SliderRange = readonly [number, number, number];

interface Props {
  params: readonly ParamSpec[];
  values: ParamValues;
  disabled: boolean;
  onChange(name: string, value: number | string | boolean): void;
  /** Numeric parameters shown as sliders with their value beside them. */
  sliders?: Readonly<Record<string, SliderRange>>;
  /** Each control's accessible name, where the bare name would clash with another form on the page. */
  labelOf?(name: string): string;
  /** Fields in a grid, help as tooltips: a long form beside other content. */
  compact?: boolean;
}

type FieldProps = Omit<Props, 'params' | 'values'> & { spec: ParamSpec; value: ParamValues[string] | undefined };

function Field({ spec, value, disabled, onChange, sliders, labelOf, compact }: FieldProps) {
  const id = useId();
  const helpId = compact ? undefined : `${id}-help`;
  const current = value ?? spec.default;
  const ariaLabel = labelOf?.(spec.name);
  const common = { id, disabled, 'aria-label': ariaLabel, 'aria-describedby': helpId };
  const slider = sliders?.[spec.name];
  const range = !compact && (spec.min !== undefined || spec.max !== undefined) ? ` (${spec.min ?? '−∞'}…${spec.max ?? '∞'})` : '';
  const help = compact ? null : (
    <small id={helpId} className="muted">
      {spec.help}
    </small>
  );
  const title = compact ? spec.help : undefined;
  if (spec.type === 'bool') {
    return (
      <div className={compact ? 'cm-param' : 'field field-check'} title={title}>
        <input {...common} type="checkbox" checked={Boolean(current)} onChange={(e) => onChange(spec.name, e.currentTarget.checked)} />
        <label htmlFor={id}>{spec.name}</label>
        {help}
      </div>
    );
  }
  let control;
  if (spec.type === 'enum') {
    control = (
      <select {...common} value={String(current)} onChange={(e) => onChange(spec.name, e.currentTarget.value)}>
        {(spec.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if ((spec.type === 'int' || spec.type === 'float') && slider) {
    control = (
      <>
        <input
          {...common}
          type="range"
          min={slider[0]}
          max={slider[1]}
          step={slider[2]}
          value={Number(current)}
          onChange={(e) => onChange(spec.name, Number(e.currentTarget.value))}
        />
        <output htmlFor={id}>{Number(current)}</output>
      </>
    );
  } else if (spec.type === 'int' || spec.type === 'float') {
    control = (
      <NumberField
        id={id}
        value={Number(current)}
        integer={spec.type === 'int'}
        min={spec.min}
        max={spec.max}
        disabled={disabled}
        label={ariaLabel}
        describedBy={helpId}
        onCommit={(v) => onChange(spec.name, v)}
      />
    );
  } else if (spec.name === 'fill') {
    // The same choices as the masking lab's Fill, not free text.
    control = (
      <FillField
        id={id}
        value={String(current)}
        def={String(spec.default)}
        disabled={disabled}
        label={ariaLabel}
        describedBy={helpId}
        onChange={(v) => onChange(spec.name, v)}
      />
    );
  } else {
    control = <input {...common} type="text" value={String(current)} onChange={(e) => onChange(spec.name, e.currentTarget.value)} />;
  }
  return (
    <div className={compact ? 'cm-param' : 'field'} title={title}>
      <label htmlFor={id}>
        {spec.name}
        {range}
      </label>
      {control}
      {help}
    </div>
  );
}

export function ParamForm({ params, values, ...rest }: Props) {
  if (params.length === 0) return <p className="muted">No parameters.</p>;
  return (
    <fieldset className={rest.compact ? 'params cm-params' : 'params'} disabled={rest.disabled}>
      <legend>Parameters</legend>
      {params.map((p) => (
        <Field key={p.name} spec={p} value={values[p.name]} {...rest} />
      ))}
    </fieldset>
  );
}

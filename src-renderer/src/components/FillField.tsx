// The `fill` of hidden pixels as one control wherever it is chosen (a method's
// form and the masking lab): the named fills, or a colour picked with the
// system's colour input. A method whose default is another word (LIME's
// segment-mean) keeps that word as the first option.
import { FILLS } from '../state/maskLab';

export const isColourFill = (v: string): boolean => /^#[0-9a-f]{6}$/i.test(v);

/** The options offered: the schema default first when it is not a named fill, then the named fills. */
export function fillOptions(def: string): string[] {
  const named: string[] = [...FILLS];
  return def && !named.includes(def) && !isColourFill(def) ? [def, ...named] : named;
}

export function FillField(props: {
  id: string;
  value: string;
  def: string;
  disabled?: boolean;
  label?: string;
  describedBy?: string;
  onChange(v: string): void;
}) {
  const { id, value, def, disabled, label, describedBy, onChange } = props;
  const colour = isColourFill(value);
  const options = fillOptions(def);
  // A value typed elsewhere (a CLI preset) that is neither named nor a colour stays visible.
  const all = colour || options.includes(value) ? options : [...options, value];
  return (
    <>
      <select
        id={id}
        disabled={disabled}
        aria-label={label}
        aria-describedby={describedBy}
        value={colour ? 'colour' : value}
        onChange={(e) => onChange(e.currentTarget.value === 'colour' ? '#808080' : e.currentTarget.value)}
      >
        {all.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
        <option value="colour">colour…</option>
      </select>
      {colour && (
        <input type="color" disabled={disabled} aria-label={`${label ?? 'Fill'} colour`} value={value} onChange={(e) => onChange(e.currentTarget.value)} />
      )}
    </>
  );
}

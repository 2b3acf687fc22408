// A number input that lets the user type freely ("", "-", "0.") and commits
// only valid, in-range values.
import { useEffect, useState } from 'react';

interface Props {
  id: string;
  value: number;
  integer: boolean;
  min?: number;
  max?: number;
  onCommit(v: number): void;
  describedBy?: string;
  disabled?: boolean;
  /** The accessible name, when a <label> alone is not enough. */
  label?: string;
}

export function parseNumber(text: string, integer: boolean, min?: number, max?: number): number | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) return null;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) return null;
  return v;
}

export function NumberField({ id, value, integer, min, max, onCommit, describedBy, disabled, label }: Props) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const valid = parseNumber(draft, integer, min, max) !== null;
  return (
    <input
      id={id}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      step={integer ? 1 : 'any'}
      min={min}
      max={max}
      value={draft}
      disabled={disabled}
      aria-invalid={!valid}
      aria-label={label}
      aria-describedby={describedBy}
      onChange={(e) => {
        const text = e.currentTarget.value;
        setDraft(text);
        const v = parseNumber(text, integer, min, max);
        if (v !== null) onCommit(v);
      }}
      onBlur={() => setDraft(String(value))}
    />
  );
}

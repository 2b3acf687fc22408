// The numbers around a colour bar: "nice" ticks (1, 2 or 5 × 10^k, as
// matplotlib's MaxNLocator picks them), their labels, where a threshold sits,
// and the text a screen reader hears.
import type { Threshold } from './contours';

export interface Tick {
  value: number;
  /** Position along the bar, 0 at lo, 1 at hi. */
  at: number;
  label: string;
}

/** Step of roughly (hi − lo) / count, rounded to 1, 2, 5 or 10 × 10^k. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Label with the decimals the step needs, so 0.0, 0.5, 1.0 line up (as matplotlib prints them). */
export function formatTick(v: number, step: number): string {
  const a = Math.abs(v);
  if (a < step * 1e-9)
    v = 0; // −0 and float dust at zero
  else if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

/** Three significant digits, exponent outside [1e-3, 1e5). */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/** Ticks inside [lo, hi] (at most count + 1 of them); a flat range gets one. */
export function colorbarTicks(lo: number, hi: number, count = 4): Tick[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return Number.isFinite(lo) ? [{ value: lo, at: 0, label: formatValue(lo) }] : [];
  const step = niceStep(span, count);
  const out: Tick[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    const value = Number((k * step).toPrecision(12)) + 0; // no float dust, no −0
    out.push({ value, at: (value - lo) / span, label: formatTick(value, step) });
  }
  return out;
}

/** Where the threshold lies on the bar: one mark, or two (±level) on a signed bar. */
export function thresholdMarks(lo: number, hi: number, th: Threshold | null): number[] {
  const span = hi - lo;
  if (!th || !(span > 0)) return [];
  const at = (v: number) => (v - lo) / span;
  const marks = th.magnitude && lo < 0 ? [at(-th.level), at(th.level)] : [at(th.level)];
  return marks.filter((m) => m >= 0 && m <= 1);
}

export function colorbarLabel(colormap: string, mode: string, lo: number, hi: number, th: Threshold | null): string {
  const f = formatValue;
  const cut = th ? `, values with ${th.magnitude ? '|value|' : 'value'} below ${f(th.level)} hidden` : '';
  return `Colour scale ${colormap}, ${mode}: ${f(lo)} to ${f(hi)}${cut}`;
}

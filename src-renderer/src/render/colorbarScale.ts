// The numbers around a colour bar, shared by the on-screen bar and the
// exported ones (grid PNG, HTML report): "nice" ticks (1, 2, 2.5 or 5 × 10^k,
// as matplotlib's MaxNLocator picks them) plus both ends of the displayed
// range, a common ×10^k for tiny or huge ranges, the title and unit, where a
// threshold sits, what is saturated by percentile clipping, and the text a
// screen reader hears.
import type { Threshold } from './contours';

export interface Tick {
  value: number;
  /** Position along the bar, 0 at lo, 1 at hi. */
  at: number;
  label: string;
  /** The tick is the bar's end (the displayed min or max). */
  end?: 'lo' | 'hi';
}

export interface Saturation {
  /** Values beyond the end were clipped to the end colour. */
  lo: boolean;
  hi: boolean;
}

export interface BarScale {
  ticks: Tick[];
  /** Labels are value / 10^exponent (0: plain numbers). */
  exponent: number;
}

/** Step of roughly span / count, rounded up to 1, 2, 2.5, 5 or 10 × 10^k. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/** Decimals that print every multiple of `step` exactly (0.25 → 2, 0.5 → 1, 20 → 0). */
export function decimalsFor(step: number): number {
  for (let d = 0; d < 8; d++) {
    const x = step * 10 ** d;
    if (Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, x)) return d;
  }
  return 8;
}

/** 10^k factored out of the labels when the range is below 0.01 or from 10^4 up; 0 otherwise. */
export function scaleExponent(lo: number, hi: number): number {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  if (!(m > 0) || !Number.isFinite(m) || (m >= 1e-2 && m < 1e4)) return 0;
  return Math.floor(Math.log10(m) + 1e-9);
}

/** Three significant digits, exponent outside [1e-3, 1e5). */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

const fixed = (v: number, d: number) => (Math.abs(v) < 0.5 * 10 ** -d ? 0 : v).toFixed(d);
/** An end label: three significant digits, but never fewer decimals than the ticks (0.97 beside 0.25, 0.50). */
function endLabel(v: number, d: number): string {
  const s = String(Number(v.toPrecision(3)));
  const own = s.includes('e') ? 8 : (s.split('.')[1]?.length ?? 0);
  return fixed(v, Math.max(d, own));
}

/** The bar's length and a label character's width, in CSS px: ticks whose labels would touch an end label are dropped. */
export interface BarFit {
  lengthPx: number;
  charPx: number;
}
/** A label's widest character, in em: a digit in DejaVu Sans (0.636 em; narrower in most UI fonts). */
export const LABEL_CHAR_EM = 0.636;
/** Space kept between two labels, in px. */
const LABEL_GAP_PX = 4;

/**
 * Ticks from lo to hi: both ends (labelled with the displayed min and max) and
 * the nice values between them, dropping those nearer than `minGap` (a fraction
 * of the bar) to an end, and with `fit` those whose centred label would reach
 * an end label (end labels sit inside the bar: "-0.697" and "-0.5" ran into
 * each other on a 300 px signed bar).
 */
export function barScale(lo: number, hi: number, count = 4, minGap = 0.15, fit?: BarFit): BarScale {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span))
    return { ticks: Number.isFinite(lo) ? [{ value: lo, at: 0, label: formatValue(lo), end: 'lo' }] : [], exponent: 0 };
  const exponent = scaleExponent(lo, hi);
  const f = 10 ** -exponent;
  const step = niceStep(span * f, count);
  const d = decimalsFor(step);
  const ticks: Tick[] = [{ value: lo, at: 0, label: endLabel(lo * f, d), end: 'lo' }];
  const eps = 1e-6;
  for (let k = Math.ceil((lo * f) / step - 1e-9); k * step <= hi * f + step * 1e-9; k++) {
    const scaled = Number((k * step).toPrecision(12)) + 0;
    const at = (scaled / f - lo) / span;
    if (at < eps) ticks[0].label = fixed(scaled, d);
    else if (at > 1 - eps) ticks.push({ value: hi, at: 1, label: fixed(scaled, d), end: 'hi' });
    else if (at >= minGap && at <= 1 - minGap) ticks.push({ value: scaled / f, at, label: fixed(scaled, d) });
  }
  if (ticks[ticks.length - 1].end !== 'hi') ticks.push({ value: hi, at: 1, label: endLabel(hi * f, d), end: 'hi' });
  return { ticks: fit ? clearOfEnds(ticks, fit) : ticks, exponent };
}

function clearOfEnds(ticks: Tick[], { lengthPx, charPx }: BarFit): Tick[] {
  const first = ticks[0];
  const last = ticks[ticks.length - 1];
  const loRight = first.label.length * charPx + LABEL_GAP_PX;
  const hiLeft = lengthPx - last.label.length * charPx - LABEL_GAP_PX;
  return ticks.filter((t) => {
    if (t.end) return true;
    const half = (t.label.length * charPx) / 2;
    return t.at * lengthPx - half >= loRight && t.at * lengthPx + half <= hiLeft;
  });
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
/** "×10⁻⁴" for exponent −4; "" for 0. */
export function exponentText(exponent: number): string {
  return exponent === 0 ? '' : `×10${[...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** What the values are: |attribution| on an abs bar, signed attribution on a signed one. */
export function unitText(mode: string, exponent = 0): string {
  const unit = mode === 'abs' ? '|attribution|' : mode === 'signed' ? 'attribution (signed)' : 'value';
  return exponent ? `${unit} ${exponentText(exponent)}` : unit;
}

/** "Grad-CAM · class 'nodule' (3)". */
export function mapTitle(methodLabel: string, target: { label: string; index: number } | null | undefined): string {
  return target ? `${methodLabel} · class '${target.label}' (${target.index})` : methodLabel;
}

const ordinal = (p: number): string => {
  const n = Math.round(p * 10) / 10;
  const last = Number.isInteger(n) ? n % 100 : 0;
  const suffix = last >= 11 && last <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[last % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** "≥ 0.133 (99.5th pct)": the values drawn in the end colour because the display clips at a percentile; null when nothing is clipped. */
export function saturationText(mode: string, lo: number, hi: number, sat: Saturation | null | undefined, percentile: number | undefined): string | null {
  if (!sat || (!sat.lo && !sat.hi)) return null;
  const pct = percentile !== undefined && percentile < 100 ? ` (${ordinal(percentile)} pct)` : '';
  if (mode === 'signed' && sat.lo && sat.hi) return `|value| ≥ ${formatValue(hi)}${pct}`;
  return sat.hi ? `≥ ${formatValue(hi)}${pct}` : `≤ ${formatValue(lo)}${pct}`;
}

/** Values beyond the displayed range on either side (the map's own min/max against lo/hi). */
export function saturation(mode: string, min: number, max: number, lo: number, hi: number): Saturation {
  const tol = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi));
  if (mode === 'abs') return { lo: false, hi: Math.max(Math.abs(min), Math.abs(max)) > hi + tol };
  return { lo: min < lo - tol, hi: max > hi + tol };
}

/** Where the threshold lies on the bar: one mark, or two (±level) on a signed bar. */
export function thresholdMarks(lo: number, hi: number, th: Threshold | null): number[] {
  const span = hi - lo;
  if (!th || !(span > 0)) return [];
  const at = (v: number) => (v - lo) / span;
  const marks = th.magnitude && lo < 0 ? [at(-th.level), at(th.level)] : [at(th.level)];
  return marks.filter((m) => m >= 0 && m <= 1);
}

export function colorbarLabel(colormap: string, mode: string, lo: number, hi: number, th: Threshold | null, sat: string | null = null): string {
  const f = formatValue;
  const cut = th ? `, values with ${th.magnitude ? '|value|' : 'value'} below ${f(th.level)} hidden` : '';
  return `Colour scale ${colormap}, ${mode}: ${f(lo)} to ${f(hi)}${cut}${sat ? `, saturated ${sat}` : ''}`;
}

// Lengths and areas of drawn measurements, in full-image pixels converted with
// the spacing (spacing.ts): dx is scaled by the column spacing, dy by
// the row spacing, so non-square pixels measure right. Without spacing the
// figure stays in pixels and says so.
// Shared (not renderer-only) so a report or the CLI can print the same figures.
import type { Spacing } from './spacing';

export type MeasureKind = 'distance' | 'area';

/** A point in full-image pixels (the renderer's ImagePx is one). */
export interface Pt {
  x: number;
  y: number;
}

export interface Shape {
  kind: MeasureKind;
  /** distance: the two ends; area: the polygon's vertices (closed). */
  points: readonly Pt[];
}

export interface Figure {
  value: number;
  unit: 'mm' | 'px' | 'mm²' | 'px²';
}

export function distanceOf(a: Pt, b: Pt, sp: Spacing | null): Figure {
  const dx = (b.x - a.x) * (sp?.col ?? 1);
  const dy = (b.y - a.y) * (sp?.row ?? 1);
  return { value: Math.hypot(dx, dy), unit: sp ? 'mm' : 'px' };
}

/** Shoelace area of a simple polygon, times the area of one pixel. */
export function areaOf(points: readonly Pt[], sp: Spacing | null): Figure {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const q = points[(i + 1) % points.length];
    twice += p.x * q.y - q.x * p.y;
  }
  return { value: (Math.abs(twice) / 2) * (sp ? sp.row * sp.col : 1), unit: sp ? 'mm²' : 'px²' };
}

export function figureOf(m: Shape, sp: Spacing | null): Figure {
  return m.kind === 'distance' ? distanceOf(m.points[0], m.points[1], sp) : areaOf(m.points, sp);
}

/** "12.50 mm", "31.4 mm²", "50.0 px": three significant decimals at most, trailing noise trimmed. */
export function figureText(f: Figure): string {
  const digits = f.value >= 100 ? 1 : 2;
  return `${f.value.toFixed(digits)} ${f.unit}`;
}

/** The on-canvas label: the figure and, once, where its scale comes from. */
export function measureLabel(m: Shape, sp: Spacing | null): string {
  const f = figureOf(m, sp);
  if (!sp) return `${figureText(f)} (no pixel spacing)`;
  return `${figureText(f)} (${sp.calibration === 'calibrated' ? 'Pixel Spacing, calibrated' : sp.calibration === 'estimated' ? 'Imager Pixel Spacing, magnification-corrected' : 'Imager Pixel Spacing, at the detector'})`;
}

// The measurement tools as a small state machine, kept out of React:
//   distance: idle → line (press, drag) → idle (release commits the two ends)
//   area:     idle → polygon (each click adds a vertex) → idle (double-click,
//             Enter or a click on the first vertex closes it; Escape cancels)
// Points are full-image pixels (the stage's inverse transform).
import type { ImagePx } from './coords';
import type { MeasureKind } from '../render/measure';

export type MeasureGesture = { mode: 'idle' } | { mode: 'line'; from: ImagePx; to: ImagePx } | { mode: 'polygon'; points: ImagePx[]; cursor: ImagePx | null };

export type MeasureEvent =
  { type: 'down'; p: ImagePx } | { type: 'move'; p: ImagePx } | { type: 'up'; p: ImagePx } | { type: 'dblclick'; p: ImagePx } | { type: 'key'; key: string };

export interface MeasureStep {
  gesture: MeasureGesture;
  /** A finished measurement, to be stored. */
  done?: { kind: MeasureKind; points: ImagePx[] };
}

export const IDLE_MEASURE: MeasureGesture = { mode: 'idle' };

/** Within this many image px (scaled by the caller to a few screen px) a click hits a vertex. */
export interface MeasureContext {
  tool: MeasureKind;
  snap: number;
}

const near = (a: ImagePx, b: ImagePx, r: number) => Math.hypot(a.x - b.x, a.y - b.y) <= r;

function close(points: ImagePx[], snap: number): MeasureStep {
  // A double-click also delivered two presses: drop vertices that repeat the last one.
  const kept = points.filter((p, i) => i === 0 || !near(p, points[i - 1], snap));
  return kept.length >= 3 ? { gesture: IDLE_MEASURE, done: { kind: 'area', points: kept } } : { gesture: IDLE_MEASURE };
}

export function measureStep(g: MeasureGesture, e: MeasureEvent, ctx: MeasureContext): MeasureStep {
  if (e.type === 'key' && e.key === 'Escape') return { gesture: IDLE_MEASURE };
  switch (g.mode) {
    case 'idle':
      if (e.type !== 'down') return { gesture: g };
      return { gesture: ctx.tool === 'distance' ? { mode: 'line', from: e.p, to: e.p } : { mode: 'polygon', points: [e.p], cursor: e.p } };
    case 'line':
      if (e.type === 'move') return { gesture: { ...g, to: e.p } };
      if (e.type === 'up') {
        // A click without a drag measures nothing.
        return near(g.from, e.p, ctx.snap) ? { gesture: IDLE_MEASURE } : { gesture: IDLE_MEASURE, done: { kind: 'distance', points: [g.from, e.p] } };
      }
      return { gesture: g };
    case 'polygon':
      if (e.type === 'move') return { gesture: { ...g, cursor: e.p } };
      if (e.type === 'key' && e.key === 'Enter') return close(g.points, ctx.snap);
      if (e.type === 'dblclick') {
        // A real double-click pressed twice on one spot; Konva also reports two quick clicks far apart as one.
        const n = g.points.length;
        return n >= 2 && near(g.points[n - 1], g.points[n - 2], ctx.snap) ? close(g.points, ctx.snap) : { gesture: g };
      }
      if (e.type === 'down') {
        if (g.points.length >= 3 && near(e.p, g.points[0], ctx.snap)) return close(g.points, ctx.snap);
        return { gesture: { ...g, points: [...g.points, e.p], cursor: e.p } };
      }
      return { gesture: g };
  }
}

// The mask tools as one small state machine, kept out of React: pointer and
// key events in image pixels go in; out come the next tool state, an optional
// preview (the mask as it would be if the gesture ended now: drawn and scored
// live) and an optional commit (the finished edit, one undo step).
//   brush / eraser: idle → stroking (down) → idle (up, commits)
//   rect:           idle → dragging (down) → idle (up, commits)
//   polygon:        idle → polygon (click adds a point) → idle (double-click or Enter commits, Escape cancels)
//   superpixel:     idle → idle (click toggles the superpixel under the pointer)
// Alt (or Shift) while a rectangle, polygon or superpixel starts subtracts instead of adding.
import { fillLabel, fillPolygon, fillRect, stampSegment, type MaskSize, type Pt } from '../state/maskRaster';

export type MaskToolName = 'brush' | 'eraser' | 'rect' | 'polygon' | 'superpixel';
export const MASK_TOOLS: readonly MaskToolName[] = ['brush', 'eraser', 'rect', 'polygon', 'superpixel'];

export type ToolState =
  | { mode: 'idle' }
  | { mode: 'stroking'; last: Pt; work: Uint8Array }
  | { mode: 'dragging'; from: Pt; to: Pt; value: 0 | 1 }
  | { mode: 'polygon'; points: Pt[]; cursor: Pt | null; value: 0 | 1 };

export const IDLE: ToolState = { mode: 'idle' };

export interface ToolContext {
  tool: MaskToolName;
  /** Brush radius in image pixels. */
  radius: number;
  size: MaskSize;
  /** The committed mask the gesture starts from (never written). */
  base: Uint8Array;
  /** Superpixel labels at the image's resolution, once the engine sent them. */
  segments: Int32Array | null;
}

export type ToolEvent =
  { type: 'down'; p: Pt; subtract?: boolean } | { type: 'move'; p: Pt } | { type: 'up'; p: Pt } | { type: 'dblclick'; p: Pt } | { type: 'key'; key: string };

export interface ToolStep {
  state: ToolState;
  /** The mask to show and score now; null = back to the committed one. Absent = unchanged. */
  preview?: Uint8Array | null;
  /** A finished edit. */
  commit?: Uint8Array;
}

const inside = (p: Pt, s: MaskSize): boolean => p.x >= 0 && p.y >= 0 && p.x < s.width && p.y < s.height;

function closePolygon(points: Pt[], value: 0 | 1, ctx: ToolContext): ToolStep {
  // A double-click arrives as two clicks first: drop the repeated points.
  const pts = points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
  if (pts.length < 3) return { state: IDLE, preview: null };
  const m = ctx.base.slice();
  fillPolygon(m, ctx.size, pts, value);
  return { state: IDLE, preview: null, commit: m };
}

export function toolEvent(state: ToolState, e: ToolEvent, ctx: ToolContext): ToolStep {
  const value: 0 | 1 = e.type === 'down' && e.subtract ? 0 : 1;
  switch (state.mode) {
    case 'idle': {
      if (e.type !== 'down') return { state };
      if (ctx.tool === 'brush' || ctx.tool === 'eraser') {
        const work = ctx.base.slice();
        stampSegment(work, ctx.size, e.p, e.p, ctx.radius, ctx.tool === 'eraser' ? 0 : 1);
        return { state: { mode: 'stroking', last: e.p, work }, preview: work };
      }
      if (ctx.tool === 'rect') return { state: { mode: 'dragging', from: e.p, to: e.p, value } };
      if (ctx.tool === 'polygon') return { state: { mode: 'polygon', points: [e.p], cursor: e.p, value } };
      if (!ctx.segments || !inside(e.p, ctx.size)) return { state };
      const at = Math.floor(e.p.y) * ctx.size.width + Math.floor(e.p.x);
      const m = ctx.base.slice();
      // Clicking a hidden superpixel shows it again.
      fillLabel(m, ctx.segments, ctx.segments[at], e.subtract || ctx.base[at] ? 0 : 1);
      return { state, commit: m };
    }
    case 'stroking': {
      if (e.type === 'move' || e.type === 'up') {
        stampSegment(state.work, ctx.size, state.last, e.p, ctx.radius, ctx.tool === 'eraser' ? 0 : 1);
        if (e.type === 'up') return { state: IDLE, preview: null, commit: state.work };
        // The same buffer, drawn into: copying a 1 MiB mask per pointer move would be waste.
        return { state: { ...state, last: e.p }, preview: state.work };
      }
      if (e.type === 'key' && e.key === 'Escape') return { state: IDLE, preview: null };
      return { state };
    }
    case 'dragging': {
      if (e.type === 'key' && e.key === 'Escape') return { state: IDLE, preview: null };
      if (e.type !== 'move' && e.type !== 'up') return { state };
      const m = ctx.base.slice();
      fillRect(m, ctx.size, state.from, e.p, state.value);
      if (e.type === 'up') return { state: IDLE, preview: null, commit: m };
      return { state: { ...state, to: e.p }, preview: m };
    }
    case 'polygon': {
      if (e.type === 'down') return { state: { ...state, points: [...state.points, e.p] } };
      if (e.type === 'move') return { state: { ...state, cursor: e.p } };
      if (e.type === 'dblclick') return closePolygon(state.points, state.value, ctx);
      if (e.type === 'key' && e.key === 'Enter') return closePolygon(state.points, state.value, ctx);
      if (e.type === 'key' && e.key === 'Escape') return { state: IDLE, preview: null };
      return { state };
    }
  }
}

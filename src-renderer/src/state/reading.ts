// The reading tools' state: the viewer's layout (single | side-by-side), the
// active tool (pan or a measurement), the gesture under way and the drawn
// measurements. A store of its own (like the masking lab's): it changes at
// pointer rate while drawing, the rest of the page should not re-render.
import type { Measurement } from '../render/measure';
import type { ImagePx } from '../tools/coords';
import { IDLE_MEASURE, measureStep, type MeasureEvent, type MeasureGesture } from '../tools/measureTool';
import { createStore, type Store } from './store';

export type ReadingLayout = 'single' | 'side';
export type ReadingTool = 'pan' | 'distance' | 'area';

export interface ReadingState {
  layout: ReadingLayout;
  tool: ReadingTool;
  gesture: MeasureGesture;
  /** Every image's measurements; each names its image, the viewer shows the open one's. */
  measurements: Measurement[];
  nextId: number;
}

export const initialReading: ReadingState = { layout: 'single', tool: 'pan', gesture: IDLE_MEASURE, measurements: [], nextId: 1 };

export type ReadingStore = Store<ReadingState>;

export function createReading(): ReadingStore {
  return createStore(initialReading);
}

export function layoutChanged(s: ReadingState, layout: ReadingLayout): ReadingState {
  return s.layout === layout ? s : { ...s, layout };
}

export function toolChanged(s: ReadingState, tool: ReadingTool): ReadingState {
  return s.tool === tool ? s : { ...s, tool, gesture: IDLE_MEASURE };
}

/** A pointer or key event of the active measurement tool on image `imageId`; `snap` is a few screen px in image px. */
export function gestured(s: ReadingState, e: MeasureEvent, imageId: string, snap: number): ReadingState {
  if (s.tool === 'pan') return s;
  const step = measureStep(s.gesture, e, { tool: s.tool, snap });
  if (!step.done) return step.gesture === s.gesture ? s : { ...s, gesture: step.gesture };
  const m: Measurement = { id: s.nextId, imageId, kind: step.done.kind, points: step.done.points };
  return { ...s, gesture: step.gesture, measurements: [...s.measurements, m], nextId: s.nextId + 1 };
}

export function removed(s: ReadingState, id: number): ReadingState {
  return { ...s, measurements: s.measurements.filter((m) => m.id !== id) };
}

export function cleared(s: ReadingState, imageId: string): ReadingState {
  return { ...s, measurements: s.measurements.filter((m) => m.imageId !== imageId), gesture: IDLE_MEASURE };
}

/** The open image's measurements (a stable slice: filter in a memo, not a selector). */
export function measurementsOf(all: readonly Measurement[], imageId: string | null): Measurement[] {
  return imageId ? all.filter((m) => m.imageId === imageId) : [];
}

/** The region the hot-area figure is a share of: the open image's latest area measurement. */
export function regionOf(list: readonly Measurement[]): ImagePx[] | null {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].kind === 'area') return list[i].points;
  return null;
}

// Pointer and wheel on one cell drive the shared view of every cell: wheel
// zooms about the pointer, left-drag pans, double-click fits, and the pointer
// position feeds the crosshair and readouts. Right-drag is window/level of
// the cell's image (every cell of its row), as in radiology viewers. Native listeners: React's wheel
// listener is passive, so it could not stop the page from scrolling.
import { useEffect, type RefObject } from 'react';
import type { DisplayWindow } from '../state/types';
import { dragWindow, type ValueRange } from '../tools/windowDrag';
import { FIT_VIEW, panView, pointerAt, zoomViewAt, type ViewSync } from './viewSync';

export const WHEEL_STEP = 1.15;

export interface CellGeometry {
  imageW: number;
  imageH: number;
  size: number;
}

export interface WindowTarget {
  /** The window now (read when a right-drag starts). */
  current(): DisplayWindow | null;
  range: ValueRange;
  minWidth: number;
  onChange(w: DisplayWindow): void;
}

const RIGHT = 2;

export function usePointerNav(ref: RefObject<HTMLElement | null>, sync: ViewSync, geo: CellGeometry | null, win: WindowTarget | null = null): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !geo) return;
    const { imageW, imageH, size } = geo;
    const local = (e: { clientX: number; clientY: number }) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    let drag: { x: number; y: number; id: number } | null = null;
    let level: { x: number; y: number; id: number; start: DisplayWindow } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      sync.setView(zoomViewAt(sync.view(), local(e), e.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP, imageW, imageH, size, size));
    };
    const onDown = (e: PointerEvent) => {
      const start = win?.current();
      if (e.button === RIGHT && win && start) {
        level = { ...local(e), id: e.pointerId, start };
        el.setPointerCapture?.(e.pointerId);
        return;
      }
      if (e.button !== 0) return;
      drag = { ...local(e), id: e.pointerId };
      el.setPointerCapture?.(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      const p = local(e);
      if (level && win && level.id === e.pointerId) win.onChange(dragWindow(level.start, p.x - level.x, p.y - level.y, win.range, win.minWidth));
      if (drag && drag.id === e.pointerId) {
        sync.setView(panView(sync.view(), p.x - drag.x, p.y - drag.y, imageW, imageH, size, size));
        drag = { ...p, id: e.pointerId };
      }
      sync.setPointer(pointerAt(sync.view(), p, imageW, imageH, size, size));
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.id === e.pointerId) drag = null;
      if (level?.id === e.pointerId) level = null;
    };
    const onMenu = (e: Event) => e.preventDefault();
    const onLeave = () => {
      if (!drag) sync.setPointer(null);
    };
    const onDbl = () => sync.setView(FIT_VIEW);
    const listeners: [string, EventListener][] = [
      ['pointerdown', onDown as EventListener],
      ['pointermove', onMove as EventListener],
      ['pointerup', onUp as EventListener],
      ['pointercancel', onUp as EventListener],
      ['pointerleave', onLeave],
      ['dblclick', onDbl],
      ['contextmenu', onMenu],
    ];
    el.addEventListener('wheel', onWheel, { passive: false });
    for (const [type, fn] of listeners) el.addEventListener(type, fn);
    return () => {
      el.removeEventListener('wheel', onWheel);
      for (const [type, fn] of listeners) el.removeEventListener(type, fn);
    };
  }, [ref, sync, geo, win]);
}

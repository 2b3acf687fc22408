// Right-drag window/level on a Konva stage: the press is taken on the stage,
// the motion and release on the window (a drag that leaves the canvas still
// ends), the browser's context menu is suppressed, and updates are coalesced
// to one per animation frame (re-windowing a 4k image is not free).
import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import type { DisplayWindow } from '../state/types';
import { dragWindow, type ValueRange } from './windowDrag';

export interface WindowDragOptions {
  /** The window when the drag starts; null disables the gesture. */
  window: DisplayWindow | null;
  /** The image's value range (sets the step per screen pixel). */
  range: ValueRange;
  /** From minWindowWidth(info). */
  minWidth: number;
  /** Called with each new window during the drag. */
  onChange: (w: DisplayWindow) => void;
  /** Told when a drag starts (true) and ends (false): the on-image read-out shows meanwhile. */
  onActive?: (active: boolean) => void;
}

export interface WindowDragHandlers {
  onPointerDown: (e: Konva.KonvaEventObject<PointerEvent>) => void;
  onContextMenu: (e: Konva.KonvaEventObject<MouseEvent>) => void;
}

const RIGHT = 2;

export function useWindowDrag(opts: WindowDragOptions): WindowDragHandlers {
  const latest = useRef(opts);
  latest.current = opts;
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  return {
    onContextMenu: (e) => e.evt.preventDefault(),
    onPointerDown: (e) => {
      const start = latest.current.window;
      if (e.evt.button !== RIGHT || !start) return;
      e.evt.preventDefault();
      stop.current?.();
      latest.current.onActive?.(true);
      const x0 = e.evt.clientX;
      const y0 = e.evt.clientY;
      let frame = 0;
      let pending: { dx: number; dy: number } | null = null;
      const flush = () => {
        frame = 0;
        if (!pending) return;
        const { range, minWidth, onChange } = latest.current;
        onChange(dragWindow(start, pending.dx, pending.dy, range, minWidth));
        pending = null;
      };
      const move = (ev: PointerEvent) => {
        pending = { dx: ev.clientX - x0, dy: ev.clientY - y0 };
        if (!frame) frame = requestAnimationFrame(flush);
      };
      const up = (ev: PointerEvent) => {
        move(ev);
        cancelAnimationFrame(frame);
        flush();
        stop.current?.();
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      stop.current = () => {
        cancelAnimationFrame(frame);
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        stop.current = null;
        latest.current.onActive?.(false);
      };
    },
  };
}

// Wires the Konva stage to the active measurement tool: pointer events in
// full-image pixels (the stage's inverse transform), the release caught on the
// window so a line dragged off the canvas still ends, Enter and Escape for the
// polygon. Pan and double-click-to-fit are off meanwhile.
import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import { useReading } from '../context';
import { gestured } from '../state/reading';
import { useStore } from '../state/store';
import { imagePx, type ImagePx } from './coords';
import type { MeasureEvent } from './measureTool';

type KEvent = Konva.KonvaEventObject<PointerEvent | MouseEvent>;

/** A vertex is hit within this many screen px. */
const SNAP_PX = 6;

const typing = (t: EventTarget | null): boolean => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Stage props that replace pan while a measurement tool is chosen; {} otherwise. */
export function useMeasureStageProps(imageId: string | null, scale: number): Partial<Konva.StageConfig> & Record<string, unknown> {
  const reading = useReading();
  const tool = useStore(reading, (s) => s.tool);
  const last = useRef<ImagePx>(imagePx(0, 0));
  const snap = SNAP_PX / (scale > 0 ? scale : 1);
  const send = (e: MeasureEvent) => {
    if (imageId) reading.set(gestured, e, imageId, snap);
  };
  const sendRef = useRef(send);
  sendRef.current = send;

  useEffect(() => {
    if (tool === 'pan') return;
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || (e.key !== 'Enter' && e.key !== 'Escape')) return;
      sendRef.current({ type: 'key', key: e.key });
    };
    const onUp = (e: PointerEvent) => {
      if (e.button === 0) sendRef.current({ type: 'up', p: last.current });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerup', onUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerup', onUp);
    };
  }, [tool]);

  if (tool === 'pan' || !imageId) return {};
  const at = (e: KEvent): ImagePx => {
    const p = e.target.getStage()?.getRelativePointerPosition();
    if (p) last.current = imagePx(p.x, p.y);
    return last.current;
  };
  return {
    draggable: false,
    onPointerDown: (e: KEvent) => {
      if ('button' in e.evt && e.evt.button !== 0) return;
      send({ type: 'down', p: at(e) });
    },
    onPointerMove: (e: KEvent) => send({ type: 'move', p: at(e) }),
    onDblClick: (e: KEvent) => send({ type: 'dblclick', p: at(e) }),
  };
}

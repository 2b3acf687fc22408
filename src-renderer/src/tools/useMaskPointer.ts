// Wires the Konva stage to the masking lab while its tool mode is on: pointer
// events in image pixels (the stage's inverse transform), the release caught on
// the window so a stroke that leaves the canvas still ends, and the lab's keys.
import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import type { Pt } from '../state/maskRaster';
import { useMaskLab } from '../context';
import { useStore } from '../state/store';

type KEvent = Konva.KonvaEventObject<PointerEvent | MouseEvent>;

const typing = (t: EventTarget | null): boolean => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Stage props that replace pan and double-click-to-fit while masking; {} otherwise. */
export function useMaskStageProps(): Partial<Konva.StageConfig> & Record<string, unknown> {
  const lab = useMaskLab();
  const active = useStore(lab.store, (s) => s.active);
  const last = useRef<Pt>({ x: 0, y: 0 });

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!typing(e.target) && lab.key(e)) e.preventDefault();
    };
    const onUp = () => lab.pointer({ type: 'up', p: last.current });
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerup', onUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerup', onUp);
    };
  }, [active, lab]);

  if (!active) return {};
  const at = (e: KEvent): Pt => {
    const p = e.target.getStage()?.getRelativePointerPosition();
    if (p) last.current = { x: p.x, y: p.y };
    return last.current;
  };
  return {
    draggable: false,
    onPointerDown: (e: KEvent) => {
      if ('button' in e.evt && e.evt.button !== 0) return;
      lab.pointer({ type: 'down', p: at(e), subtract: e.evt.altKey || e.evt.shiftKey });
    },
    onPointerMove: (e: KEvent) => lab.pointer({ type: 'move', p: at(e) }),
    onDblClick: (e: KEvent) => lab.pointer({ type: 'dblclick', p: at(e) }),
  };
}

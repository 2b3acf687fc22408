// Original | overlay | map of the open image, with one linked zoom and pan
// (a ViewSync of its own, so the Compare grid keeps its view) and right-drag
// window/level on any pane, read out on the image while dragging.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDispatch, useStudioState } from '../context';
import type { WindowTarget } from '../compare/usePointerNav';
import { createViewSync } from '../compare/viewSync';
import { display } from '../state/actions';
import { useElementSize } from '../tools/useElementSize';
import { minWindowWidth } from '../tools/windowDrag';
import { SidePane, type PaneKind } from './SidePane';
import { filmRings, useFilmMap } from './useFilmMap';
import { WindowReadout } from './WindowReadout';

const PANES: PaneKind[] = ['original', 'overlay', 'map'];
const GAP = 8;
const CAPTION = 22;

export function SideBySide() {
  const pixels = useStudioState((s) => s.pixels);
  const win = useStudioState((s) => s.window);
  const image = useStudioState((s) => s.image);
  const opacity = useStudioState((s) => s.overlay.opacity);
  const showContours = useStudioState((s) => s.overlay.contours && s.overlay.threshold != null);
  const dispatch = useDispatch();
  const film = useFilmMap();
  const mapOnly = useFilmMap(true);
  const contours = useMemo(() => (film && showContours ? filmRings(film) : null), [film, showContours]);
  const sync = useMemo(() => createViewSync(), []);
  const box = useRef<HTMLDivElement>(null);
  const area = useElementSize(box);
  const size = Math.max(64, Math.floor(Math.min((area.width - 2 * GAP) / 3, area.height - CAPTION)));

  // The read-out shows from the first window change of a right-drag until the button is released.
  const [levelling, setLevelling] = useState(false);
  useEffect(() => {
    if (!levelling) return;
    const end = () => setLevelling(false);
    window.addEventListener('pointerup', end);
    return () => window.removeEventListener('pointerup', end);
  }, [levelling]);
  const winRef = useRef(win);
  winRef.current = win;
  const level = useMemo<WindowTarget | null>(
    () =>
      image
        ? {
            current: () => winRef.current,
            range: { min: image.min, max: image.max },
            minWidth: minWindowWidth(image),
            onChange: (w) => {
              setLevelling(true);
              dispatch(display.windowChanged, w);
            },
          }
        : null,
    [image, dispatch],
  );

  return (
    <div ref={box} className="side-by-side" data-testid="side-by-side" role="group" aria-label="Side-by-side: original, overlay, map (linked zoom and pan)">
      {pixels &&
        win &&
        area.width > 0 &&
        PANES.map((kind) => (
          <SidePane
            key={kind}
            kind={kind}
            size={size}
            sync={sync}
            pixels={pixels}
            win={win}
            film={kind === 'map' ? mapOnly : film}
            contours={contours}
            opacity={opacity}
            level={level}
          />
        ))}
      {levelling && <WindowReadout window={win} integer={image ? minWindowWidth(image) === 1 : true} />}
    </div>
  );
}

// The single view's frequent actions bound to the shortcut registry: explain,
// cancel, overlay look and the display window. Zoom/fit are bound by the
// canvas (it owns the view), open model/image by the open panel (it owns the
// file inputs), help and theme by the header.
import { useController, useDispatch, useStudioState } from '../context';
import { display } from '../state/actions';
import { COLORMAPS } from '../state/types';
import { useShortcuts } from './shortcuts';

export function useStudioShortcuts(): void {
  const controller = useController();
  const dispatch = useDispatch();
  const overlay = useStudioState((s) => s.overlay);
  const win = useStudioState((s) => s.window);
  const ready = useStudioState((s) => s.model !== null && s.image !== null && s.job === null);
  const running = useStudioState((s) => s.job !== null);
  // The comparison grid binds its own keys; these act on the single view only.
  const single = useStudioState((s) => s.tab === 'explore');
  const cycle = (step: number) => COLORMAPS[(COLORMAPS.indexOf(overlay.colormap) + step + COLORMAPS.length) % COLORMAPS.length];

  useShortcuts(
    {
      explain: () => (ready ? void controller.explain() : false),
      cancel: () => (running ? void controller.cancel() : false),
      overlay: () => dispatch(display.overlayChanged, { visible: !overlay.visible }),
      nextColormap: () => dispatch(display.overlayChanged, { colormap: cycle(1) }),
      prevColormap: () => dispatch(display.overlayChanged, { colormap: cycle(-1) }),
      sign: () => dispatch(display.overlayChanged, { mode: overlay.mode === 'abs' ? 'signed' : 'abs' }),
      contours: () => dispatch(display.overlayChanged, { contours: !overlay.contours, threshold: overlay.threshold ?? (overlay.contours ? null : 0.5) }),
      invert: () => (win ? dispatch(display.windowChanged, { ...win, invert: !win.invert }) : false),
      resetWindow: () => (win ? dispatch(display.windowReset) : false),
    },
    single,
  );
}

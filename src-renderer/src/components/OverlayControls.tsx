// The single view's overlay look (the shared StyleControls over s.overlay).
import { useDispatch, useStudioState } from '../context';
import { display } from '../state/actions';
import { StyleControls } from './StyleControls';

export function OverlayControls() {
  const overlay = useStudioState((s) => s.overlay);
  const hasResult = useStudioState((s) => s.result !== null);
  const hasGrid = useStudioState((s) => Boolean(s.result?.grid));
  const pinned = useStudioState((s) => s.modeChoice.pinned);
  const dispatch = useDispatch();
  return (
    <StyleControls
      style={overlay}
      label="Overlay display"
      hasGrid={hasGrid}
      onChange={(patch) => dispatch(display.overlayChanged, patch)}
      pin={{ pinned, onUnpin: () => dispatch(display.modeUnpinned) }}
    >
      {!hasResult && <span className="muted">No explanation yet.</span>}
    </StyleControls>
  );
}

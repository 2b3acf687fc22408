// "W 400 L 40" over the image while a window/level drag is under way.
import type { DisplayWindow } from '../state/types';
import { windowReadout } from '../render/windowReadout';

export function WindowReadout({ window, integer }: { window: DisplayWindow | null | undefined; integer: boolean }) {
  if (!window) return null;
  return (
    <output className="wl-readout" data-testid="wl-readout" aria-live="off">
      {windowReadout(window, integer)}
    </output>
  );
}

// Which |abs| / ± signed mode a new map opens in. A map's sign is read from
// its own values (the engine reports min and max): any negative value makes
// it signed, shown diverging around 0; otherwise it is non-negative and shown
// |abs| on a sequential colormap. The method descriptors declare no sign, and
// the values are what the colour bar draws anyway: a signed method whose map
// happens to be ≥ 0 looks the same in |abs|. A mode the user picked is pinned
// and survives new maps until they return to automatic.
import type { ColormapName } from '../../../src-main/shared/colormap';
import type { MapMode, OverlayStyle } from './overlay-types';

export interface ModeChoice {
  /** The user chose the mode: new maps keep it. */
  pinned: boolean;
  /** The colormap |abs| maps return to after a signed map switched to diverging. */
  sequential: ColormapName;
}

export const initialModeChoice: ModeChoice = { pinned: false, sequential: 'viridis' };

/** The mode a map declares by its values. */
export function mapModeOf(range: { min: number; max: number }): MapMode {
  return range.min < 0 ? 'signed' : 'abs';
}

/** The overlay a new map opens in: its own mode (and a colormap that fits it) unless the mode is pinned. */
export function autoOverlay(overlay: OverlayStyle, choice: ModeChoice, range: { min: number; max: number }): { overlay: OverlayStyle; choice: ModeChoice } {
  if (choice.pinned) return { overlay, choice };
  if (mapModeOf(range) === 'signed') {
    const sequential = overlay.colormap === 'diverging' ? choice.sequential : overlay.colormap;
    return { overlay: { ...overlay, mode: 'signed', colormap: 'diverging' }, choice: { ...choice, sequential } };
  }
  const colormap = overlay.colormap === 'diverging' ? choice.sequential : overlay.colormap;
  return { overlay: { ...overlay, mode: 'abs', colormap }, choice };
}

/** A style change by the user: choosing a mode pins it; choosing a sequential colormap is remembered for |abs| maps. */
export function choiceAfter(choice: ModeChoice, patch: Partial<OverlayStyle>): ModeChoice {
  const pinned = choice.pinned || patch.mode !== undefined;
  const sequential = patch.colormap !== undefined && patch.colormap !== 'diverging' ? patch.colormap : choice.sequential;
  return pinned === choice.pinned && sequential === choice.sequential ? choice : { pinned, sequential };
}

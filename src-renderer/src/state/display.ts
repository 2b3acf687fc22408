// Named actions for display-only settings: window/level and the overlay style.
// None of these reach the engine.
import { defaultWindow } from '../render/windowLevel';
import { autoOverlay, choiceAfter } from './displayMode';
import type { DisplayWindow, OverlayStyle, StudioState, ViewTab } from './types';

export function windowChanged(s: StudioState, window: DisplayWindow): StudioState {
  if (!s.pixels) return s;
  const invert = window.invert ? { invert: true } : {};
  return { ...s, window: { center: window.center, width: Math.max(window.width, Number.EPSILON), ...invert } };
}

export function windowReset(s: StudioState): StudioState {
  if (!s.pixels) return s;
  // The invert toggle is a separate choice and survives a reset.
  const invert = s.window?.invert ? { invert: true } : {};
  return { ...s, window: { ...defaultWindow(s.image?.dicom, s.pixels.window), ...invert } };
}

/** A style change by the user; choosing |abs| or ± signed pins that mode for the maps that follow. */
export function overlayChanged(s: StudioState, patch: Partial<OverlayStyle>): StudioState {
  const opacity = patch.opacity === undefined ? s.overlay.opacity : Math.min(1, Math.max(0, patch.opacity));
  return { ...s, overlay: { ...s.overlay, ...patch, opacity }, modeChoice: choiceAfter(s.modeChoice, patch) };
}

/** Back to automatic: the shown map (and every later one) takes the mode its values call for. */
export function modeUnpinned(s: StudioState): StudioState {
  const choice = { ...s.modeChoice, pinned: false };
  if (!s.result) return { ...s, modeChoice: choice };
  const { overlay, choice: next } = autoOverlay(s.overlay, choice, s.result);
  return { ...s, overlay, modeChoice: next };
}

const MAX_ERRORS = 5;

/** A failed call: shows a message and keeps every other part of the state. */
export function failed(s: StudioState, message: string): StudioState {
  const errors = [...s.errors, { id: s.nextErrorId, message }].slice(-MAX_ERRORS);
  return { ...s, errors, nextErrorId: s.nextErrorId + 1, loading: null };
}

export function errorDismissed(s: StudioState, id: number): StudioState {
  return { ...s, errors: s.errors.filter((e) => e.id !== id) };
}

/** A later open succeeded: the errors shown before it began (id below `firstKept`) are out of date; those raised since stay. */
export function errorsSuperseded(s: StudioState, firstKept: number): StudioState {
  return s.errors.some((e) => e.id < firstKept) ? { ...s, errors: s.errors.filter((e) => e.id >= firstKept) } : s;
}

export function tabChanged(s: StudioState, tab: ViewTab): StudioState {
  return s.tab === tab ? s : { ...s, tab };
}

// Window/level by right-drag, as radiology viewers do it (OHIF/cornerstone's
// WWWC tool): horizontal motion changes the width, vertical the level (centre;
// dragging down raises it, so the image darkens). The step per screen pixel
// is proportional to the image's value range, so an 8-bit photo and a 16-bit
// CT feel the same: dragging DRAG_SPAN px sweeps the whole range.
import type { ImageInfo } from '../../../src-main/api/types';
import type { DisplayWindow } from '../state/types';

export const DRAG_SPAN = 512;

export interface ValueRange {
  min: number;
  max: number;
}

/** Smallest width worth showing: one unit for integer-valued images, a sliver of the range for float data. */
export function minWindowWidth(info: Pick<ImageInfo, 'bitDepth' | 'min' | 'max' | 'dicom'>): number {
  const slope = info.dicom?.rescaleSlope ?? 1;
  const integer = info.bitDepth <= 16 && Number.isInteger(slope) && Number.isInteger(info.dicom?.rescaleIntercept ?? 0);
  return integer ? 1 : Math.max(Number.EPSILON, (info.max - info.min) * 1e-6);
}

/** The window after a drag of (dx, dy) screen px that started at `start`. */
export function dragWindow(start: DisplayWindow, dx: number, dy: number, range: ValueRange, minWidth = 1): DisplayWindow {
  const perPx = Math.max(range.max - range.min, minWidth) / DRAG_SPAN;
  return {
    ...start,
    center: start.center + dy * perPx,
    width: Math.max(minWidth, start.width + dx * perPx),
  };
}

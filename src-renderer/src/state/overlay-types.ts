// How an image and its map are drawn: a leaf of types that the page state and
// the Compare grid's state both use, so neither imports the other.
import type { ColormapName } from '../../../src-main/shared/colormap';

export type MapMode = 'abs' | 'signed';

/** Display window in the image's own units (modality values for DICOM). */
export interface DisplayWindow {
  center: number;
  width: number;
  /** Flip the photometric default (MONOCHROME1 already shows inverted; this flips that). */
  invert?: boolean;
}

export interface OverlayStyle {
  colormap: ColormapName;
  opacity: number;
  mode: MapMode;
  visible: boolean;
  /** Outliers above this percentile of |map| saturate the colormap (sanity-checks paper: 99.5). */
  clipPercentile: number;
  /** Draw the activation map's native cell grid (results that carry `grid`). */
  grid: boolean;
  /** Hide pixels below this fraction of the display range (|v| for abs/signed); null = off. */
  threshold: number | null;
  /** Draw the iso-lines at `threshold`. */
  contours: boolean;
  /** 'ramp' (unset): alpha rises with |value|, zero attribution transparent; 'flat': `opacity` everywhere. */
  alpha?: 'ramp' | 'flat';
}

// Which physical size a pixel has, and how far to trust it. Pixel Spacing
// (0028,0030) in a projection radiograph means the spacing was calibrated to
// the patient (PS3.3 C.7.6.2.1.1, §10.7.1.3); Imager Pixel Spacing
// (0018,1164) is at the detector face, so it overstates the anatomy by the
// geometric magnification unless an Estimated Radiographic Magnification
// Factor (0018,1114) is given to divide by. Values are [row, column] spacing:
// the distance between rows (vertical) first.
import type { DicomHeader } from '../api/types';

export type Calibration = 'calibrated' | 'estimated' | 'detector';

export interface Spacing {
  /** mm between rows (vertical) and between columns (horizontal). */
  row: number;
  col: number;
  source: 'PixelSpacing' | 'ImagerPixelSpacing';
  calibration: Calibration;
  /** How the label says where the figure comes from. */
  note: string;
}

type SpacingHeader = Pick<DicomHeader, 'pixelSpacing' | 'pixelSpacingSource' | 'magnificationFactor'>;

export function spacingOf(h: SpacingHeader | null | undefined): Spacing | null {
  const ps = h?.pixelSpacing;
  if (!h || !ps || !(ps[0] > 0) || !(ps[1] > 0)) return null;
  if (h.pixelSpacingSource !== 'ImagerPixelSpacing') {
    return { row: ps[0], col: ps[1], source: 'PixelSpacing', calibration: 'calibrated', note: 'Pixel Spacing, calibrated' };
  }
  const m = h.magnificationFactor;
  if (m && m > 0) {
    const note = `Imager Pixel Spacing ÷ magnification ${m}, estimated`;
    return { row: ps[0] / m, col: ps[1] / m, source: 'ImagerPixelSpacing', calibration: 'estimated', note };
  }
  return {
    row: ps[0],
    col: ps[1],
    source: 'ImagerPixelSpacing',
    calibration: 'detector',
    note: 'Imager Pixel Spacing, at the detector, not corrected for magnification',
  };
}

/** The sentence the Measure panel shows about the spacing in use. */
export function spacingText(s: Spacing | null): string {
  if (!s) return 'No pixel spacing in this image: measurements are in pixels (px).';
  return `${fmt(s.row)} × ${fmt(s.col)} mm (row × column) from ${s.note}.`;
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

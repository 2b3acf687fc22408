// The renderer's seam to the shared measurement arithmetic (src-main/shared/
// measure.ts, also usable by reports and the CLI), and a drawn measurement.
import type { MeasureKind } from '../../../src-main/shared/measure';
import type { ImagePx } from '../tools/coords';

export { areaOf, distanceOf, figureOf, figureText, measureLabel, type Figure, type MeasureKind } from '../../../src-main/shared/measure';

export interface Measurement {
  id: number;
  imageId: string;
  kind: MeasureKind;
  /** distance: the two ends; area: the polygon's vertices (closed), full-image px. */
  points: ImagePx[];
}

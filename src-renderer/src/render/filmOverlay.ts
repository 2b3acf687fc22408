// The shown map at film resolution: the native map upsampled (bilinear) to the
// display level's pixels over the model's region, coloured on the native
// map's scale (lo/hi and the threshold are the native map's, so the colour bar
// and the threshold mean what they did), with contours traced on the same
// upsampled field. One cached field per (result, size): the viewer, the
// side-by-side panes and the Measure panel share it.
import type { ExplainResult } from '../../../src-main/api/types';
import { contourLines } from './contours';
import { buildOverlay, type OverlayBitmap, type OverlayLook } from './overlay';
import { upsampleBilinear, type Field } from './upsample';

export const INTERPOLATION = 'bilinear';

const fields = new WeakMap<ExplainResult, Field>();

/** The result's map upsampled to width × height (cached for the last size asked). */
export function filmField(result: Pick<ExplainResult, 'map' | 'shape'> & object, width: number, height: number): Field {
  const key = result as ExplainResult;
  const hit = fields.get(key);
  if (hit && hit.width === width && hit.height === height) return hit;
  const [rows, cols] = result.shape;
  const values = rows === height && cols === width ? Float32Array.from(result.map) : upsampleBilinear(result.map, result.shape, width, height);
  const field = { values, width, height };
  fields.set(key, field);
  return field;
}

/** The coloured film-resolution bitmap, on the native map's colour scale. */
export function filmOverlay(result: Pick<ExplainResult, 'map' | 'shape'>, look: OverlayLook, field: Field): OverlayBitmap {
  const native = buildOverlay(result, look);
  if (field.width === result.shape[1] && field.height === result.shape[0]) return native;
  return buildOverlay({ map: field.values, shape: [field.height, field.width] }, look, { lo: native.lo, hi: native.hi });
}

/** Threshold iso-lines traced on the upsampled field (field-pixel coordinates). */
export function filmContours(field: Field, bitmap: OverlayBitmap): number[][] {
  return bitmap.threshold ? contourLines(field.values, [field.height, field.width], bitmap.threshold) : [];
}

/** The legend's note: "computed at 96×96, shown bilinear" (or "shown as computed" when no upsampling happened). */
export function resolutionNote(shape: readonly [number, number], field: Pick<Field, 'width' | 'height'>): string {
  const [rows, cols] = shape;
  const same = field.width === cols && field.height === rows;
  return `computed at ${cols}×${rows}, shown ${same ? 'as computed' : `${INTERPOLATION} at ${field.width}×${field.height}`}`;
}

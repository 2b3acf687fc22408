// How much of the image the map calls "hot": the pixels of the (upsampled)
// field at or above the threshold, as an area in image px and mm², their share
// of a drawn region (or of the whole map where none is drawn; the app has no
// lung segmentation to offer instead), and their centroid in full-image
// pixels. Each field pixel stands for the image area it covers; a pixel is in
// the region when its centre is inside the polygon.
import type { ImagePx } from '../tools/coords';
import { imagePx, type Placement } from '../tools/coords';
import { passes, type Threshold } from './contours';
import type { Spacing } from '../../../src-main/shared/spacing';
import type { Field } from './upsample';

export interface HotArea {
  /** Hot pixels (inside the region, if one is given), in full-image px². */
  areaPx: number;
  /** The same in mm², or null without spacing. */
  areaMm2: number | null;
  /** Hot area / the region's area (the map's whole area without a region); 0 when that is empty. */
  share: number;
  /** The region's (or the map's) area in image px², the share's denominator. */
  baseAreaPx: number;
  /** Mean position of the hot pixels in full-image px; null when none is hot. */
  centroid: ImagePx | null;
}

/** Even-odd test: is (x, y) inside the polygon? */
export function inPolygon(x: number, y: number, poly: readonly { x: number; y: number }[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function hotArea(field: Field, at: Placement, th: Threshold, sp: Spacing | null, region: readonly ImagePx[] | null = null): HotArea {
  const { width, height, values } = field;
  const cw = at.width / width;
  const ch = at.height / height;
  let hot = 0;
  let base = 0;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < height; j++) {
    const y = at.y + (j + 0.5) * ch;
    for (let i = 0; i < width; i++) {
      const x = at.x + (i + 0.5) * cw;
      if (region && !inPolygon(x, y, region)) continue;
      base++;
      if (!passes(th, values[j * width + i])) continue;
      hot++;
      sx += x;
      sy += y;
    }
  }
  const px = cw * ch;
  const areaPx = hot * px;
  return {
    areaPx,
    areaMm2: sp ? areaPx * sp.row * sp.col : null,
    share: base > 0 ? hot / base : 0,
    baseAreaPx: base * px,
    centroid: hot > 0 ? imagePx(sx / hot, sy / hot) : null,
  };
}

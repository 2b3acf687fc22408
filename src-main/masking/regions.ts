// User-drawn regions → the interpretable features of LIME and KernelSHAP
// (ExplainContext.regions): the label image arrives at the image's resolution,
// is brought to the model input by nearest neighbour, and relabelled 0…count−1
// (label order kept; the unpainted rest, 0, stays feature 0 when it survives).
import { StudioError } from '../api/errors';
import type { RegionLabels, ResizeMode } from '../api/types';
import { labelsToInput } from './geometry';

export interface ImageSize {
  name: string;
  width: number;
  height: number;
}

export function regionsForInput(r: RegionLabels, img: ImageSize, h: number, w: number, mode: ResizeMode): { labels: Int32Array; count: number } {
  if (r.width !== img.width || r.height !== img.height) {
    throw new StudioError('bad-regions', `the regions are ${r.width}×${r.height}, ${img.name} is ${img.width}×${img.height}: draw them on this image`);
  }
  let painted = false;
  for (const l of r.labels) {
    if (l < 0) throw new StudioError('bad-regions', `region labels must be ≥ 0 (0 = the unpainted rest), got ${l}`);
    if (l > 0) painted = true;
  }
  if (!painted) throw new StudioError('bad-regions', 'no region is drawn: paint at least one region to use as a feature');
  const at = labelsToInput(r.labels, img.height, img.width, h, w, mode, 0);
  const used = [...new Set(at)].sort((a, b) => a - b);
  if (used.every((l) => l === 0)) throw new StudioError('bad-regions', `every drawn region is smaller than one pixel of the ${w}×${h} model input`);
  const index = new Map(used.map((l, i) => [l, i]));
  return { labels: at.map((l) => index.get(l)!), count: used.length };
}

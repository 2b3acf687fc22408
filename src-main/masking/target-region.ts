// A drawn target region (ExplainRequest.targetRegion) at the model input: a
// mask at the image's resolution is brought there as the image is (crop, pad
// or stretch, nearest neighbour, the pad outside the region); one already at
// the model input's resolution is taken as it is. The classifier brings it on
// to the segmentation output's resolution (Classifier.withTargetRegion).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { RegionMask, ResizeMode, SegmentationRegion, TargetRegion } from '../api/types';
import { labelsToInput } from './geometry';
import type { ImageSize } from './regions';

/** 0/1 at the model input, row-major [h, w]. */
export function targetRegionForInput(r: RegionMask, img: ImageSize, h: number, w: number, mode: ResizeMode): Float32Array {
  let at: ArrayLike<number>;
  // The image's size first: where both agree, the image still goes through its crop or pad.
  if (r.width === img.width && r.height === img.height) at = labelsToInput(r.mask, img.height, img.width, h, w, mode, 0);
  else if (r.width === w && r.height === h) at = r.mask;
  else
    throw new StudioError(
      'bad-mask',
      `the target region is ${r.width}×${r.height}; it must be drawn at ${img.name}'s size (${img.width}×${img.height}) or the model input's (${w}×${h})`,
    );
  const out = Float32Array.from(at, (v) => (v ? 1 : 0));
  if (!out.includes(1)) throw new StudioError('bad-mask', `the target region covers no pixel of the ${w}×${h} model input: draw a larger region`);
  return out;
}

/** A request's targetRegion as Classifier.withTargetRegion takes it: a named region, or the mask at the input as a tensor [h, w] (the caller disposes it). */
export function targetRegionAtInput(
  r: TargetRegion | undefined,
  img: ImageSize,
  h: number,
  w: number,
  mode: ResizeMode,
): SegmentationRegion | tf.Tensor2D | undefined {
  return r == null || typeof r === 'string' ? r : tf.tensor2d(targetRegionForInput(r, img, h, w, mode), [h, w]);
}

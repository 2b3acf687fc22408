// Superpixels for the masking lab's "click a superpixel" tool: Felzenszwalb at
// the image's own resolution (what the user sees and paints on), on the image
// scaled to [0,1] through its default window. Images larger than MAX_SIDE are
// segmented at a reduced size and the labels scaled back by nearest neighbour,
// so a click stays well under a second on a 2k radiograph.
import * as tf from '@tensorflow/tfjs';
import type { SegmentsResult } from '../api/types';
import type { DecodedImage } from '../io/decoded';
import { unitScale } from '../model/preprocess';
import { felzenszwalb } from '../segmentation/felzenszwalb';
import { labelsToInput } from './geometry';

export const MAX_SIDE = 512;

/** Superpixels of about 1/300 of the image at least (4 px minimum). */
export const defaultMinSize = (h: number, w: number): number => Math.max(4, Math.round((h * w) / 300));

export async function segmentImage(img: DecodedImage, opts: { scale?: number; minSize?: number } = {}): Promise<SegmentsResult> {
  const t0 = performance.now();
  const { width: W, height: H } = img;
  const f = Math.min(1, MAX_SIDE / Math.max(H, W));
  const h = Math.max(1, Math.round(H * f));
  const w = Math.max(1, Math.round(W * f));
  const t = tf.tidy(() => {
    const u = unitScale(img);
    return f < 1 ? tf.image.resizeBilinear(u, [h, w], true) : u;
  });
  const c = t.shape[2];
  const data = (await t.data()) as Float32Array;
  t.dispose();
  const minSize = opts.minSize ?? defaultMinSize(H, W);
  const seg = felzenszwalb(data, h, w, c, { scale: opts.scale ?? 100, sigma: 0.5, minSize: Math.max(1, Math.round(minSize * f * f)) });
  // Back to image resolution: the "model input" of labelsToInput is here the image itself.
  const labels = f < 1 ? upsample(seg.labels, h, w, H, W) : seg.labels;
  return { width: W, height: H, labels, count: seg.count, ms: performance.now() - t0 };
}

function upsample(labels: Int32Array, h: number, w: number, H: number, W: number): Int32Array {
  return labelsToInput(labels, h, w, H, W, 'stretch');
}

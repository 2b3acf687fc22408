// The interpretable features of LIME and KernelSHAP: the user's drawn regions
// when the request has them, else superpixels of the input. Segmentation sees
// the input min-max scaled to [0,1] (whatever the model's preprocessing), in
// CIELAB for colour inputs (SLIC, as skimage) and ×100 for grey ones, so the
// compactness has the same meaning for both.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { ParamSpec } from '../../api/types';
import { felzenszwalb } from '../../segmentation/felzenszwalb';
import { rgbToLab, slic } from '../../segmentation/slic';
import { scoreInBatchesAsync } from '../batches';
import type { ExplainContext } from '../types';
import { hiddenImage, keepFromFeatures, forwardTargetScore, type Output } from './common';
import { composite, FILL_HELP } from './fill';

export const SEGMENTATIONS = ['slic', 'felzenszwalb'] as const;

export const SEGMENT_MEAN = 'segment-mean';

/** The fill of the feature methods: any fill, or each feature's own mean colour (lime's default, hide_color=None). */
export const featureFillParam: ParamSpec = {
  name: 'fill',
  type: 'string',
  default: SEGMENT_MEAN,
  help: `${FILL_HELP} Or segment-mean: each feature's own mean colour (lime's default).`,
};

export const segmentationParams: ParamSpec[] = [
  {
    name: 'segmentation',
    type: 'enum',
    default: 'slic',
    options: [...SEGMENTATIONS],
    help: 'Superpixels used as features (ignored when regions are drawn): SLIC (compact, about `segments` of them) or Felzenszwalb (follows edges).',
  },
  {
    name: 'segments',
    type: 'int',
    default: 0,
    min: 0,
    max: 1000,
    help: 'Approximate number of superpixels; 0 = 50 at 224², scaled with the side below it (10 at 28²).',
  },
];

/** Default superpixel count: 50 at 224² (a common LIME setting), ∝ side below it, at least 10. */
export const autoSegments = (h: number, w: number): number => Math.max(10, Math.round((50 * Math.min(224, Math.sqrt(h * w))) / 224));

export interface Features {
  labels: Int32Array;
  count: number;
  source: 'regions' | (typeof SEGMENTATIONS)[number];
}

export async function interpretableFeatures(ctx: ExplainContext): Promise<Features> {
  const [, h, w, c] = ctx.input.shape;
  if (ctx.regions) {
    const { labels, count } = ctx.regions;
    if (labels.length !== h * w) throw new StudioError('bad-regions', `regions have ${labels.length} labels, the model input has ${h}×${w} pixels`);
    if (labels.some((l) => l < 0 || l >= count)) throw new StudioError('bad-regions', `region labels must lie in 0..${count - 1}`);
    return { labels, count, source: 'regions' };
  }
  const seg = String(ctx.params.segmentation ?? 'slic');
  const n = (ctx.params.segments as number) || autoSegments(h, w);
  const scaled = tf.tidy(() => {
    const [lo, hi] = [ctx.input.min(), ctx.input.max()];
    return ctx.input
      .sub(lo)
      .div(tf.maximum(hi.sub(lo), 1e-12))
      .reshape([h * w * c]);
  });
  const img = (await scaled.data()) as Float32Array;
  scaled.dispose();
  if (seg === 'felzenszwalb') {
    // scale 50, σ 0.5, minSize a quarter of the nominal segment: about `segments` regions on
    // natural images (61 for 50 on a 224² photo), fewer on flat ones (5 on a 28² digit).
    const s = felzenszwalb(img, h, w, c, { scale: 50, sigma: 0.5, minSize: Math.max(1, Math.floor((0.25 * h * w) / n)) });
    return { ...s, source: 'felzenszwalb' };
  }
  const feat = c === 3 ? rgbToLab(img) : img.map((v) => v * 100);
  // Where colour noise fragments the clusters (connectivity enforcement then
  // merges the fragments into a few pieces), raise the compactness so the
  // spatial term dominates: superpixels tend towards the regular grid.
  let out = slic(feat, h, w, c, { segments: n });
  for (const m of [40, 160]) if (out.count < n / 2) out = slic(feat, h, w, c, { segments: n, compactness: m });
  return { ...out, source: 'slic' };
}

/** The fully hidden input: `segment-mean` paints each feature with its mean, other fills as everywhere. */
export async function hiddenForFeatures(ctx: ExplainContext, feats: Features, seed: number): Promise<tf.Tensor4D> {
  if (String(ctx.params.fill) !== SEGMENT_MEAN) return hiddenImage(ctx, seed);
  const [, h, w, c] = ctx.input.shape;
  const x = await ctx.input.data();
  const sum = new Float64Array(feats.count * c);
  const cnt = new Float64Array(feats.count);
  feats.labels.forEach((l, p) => {
    cnt[l]++;
    for (let ch = 0; ch < c; ch++) sum[l * c + ch] += x[p * c + ch];
  });
  const img = new Float32Array(h * w * c);
  feats.labels.forEach((l, p) => {
    for (let ch = 0; ch < c; ch++) img[p * c + ch] = sum[l * c + ch] / cnt[l];
  });
  return tf.tensor4d(img, [1, h, w, c]);
}

/** Scores n coalitions (rows of Z, n×K bits: 1 = the feature is visible), `batch` per forward pass. */
export async function scoreCoalitions(
  ctx: ExplainContext,
  feats: Features,
  Z: Uint8Array,
  n: number,
  hidden: tf.Tensor4D,
  batch: number,
  output: Output,
): Promise<Float32Array> {
  const [, h, w] = ctx.input.shape;
  const K = feats.count;
  const labels = tf.tensor1d(feats.labels, 'int32');
  try {
    return await scoreInBatchesAsync(
      ctx,
      n,
      batch,
      (s, e) => composite(ctx.input, hidden, keepFromFeatures(tf.tensor2d(Float32Array.from(Z.subarray(s * K, e * K)), [e - s, K]), labels, h, w)),
      (xs) => forwardTargetScore(ctx.model, xs as tf.Tensor4D, ctx.target, output),
      'perturbed forward passes',
    );
  } finally {
    labels.dispose();
  }
}

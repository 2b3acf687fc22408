// How a segmentation output [n, C, H, W] becomes class scores [n, C], and the
// target-region views of Classifier.withTargetRegion: S_k is class k's logit
// summed over a region (Seg-Grad-CAM, Vinogradova et al. 2020) — its predicted
// mask, every pixel, or a mask the user drew. The region is a constant of the
// forward pass, so gradients flow through the summed logits only.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { SegmentationRegion } from '../../api/types';
import type { Classifier } from '../classifier';

/** What the pixels' logits are summed over: a named region, or a 0/1 mask at the output's H×W. */
export type ScoreRegion = SegmentationRegion | tf.Tensor2D;

export function regionScores(t: tf.Tensor, region: ScoreRegion): tf.Tensor2D {
  if (region === 'all') return tf.sum(t, [2, 3]) as tf.Tensor2D;
  if (region === 'predicted') {
    const mask = tf.transpose(tf.oneHot(tf.argMax(t, 1), t.shape[1]!), [0, 3, 1, 2]);
    return tf.sum(tf.mul(t, mask), [2, 3]) as tf.Tensor2D;
  }
  const [H, W] = region.shape;
  if (t.shape[2] !== H || t.shape[3] !== W)
    throw new StudioError('internal', `the target region is ${W}×${H}, the segmentation output ${t.shape[3]}×${t.shape[2]}`);
  return tf.sum(tf.mul(t, tf.reshape(region, [1, 1, H, W])), [2, 3]) as tf.Tensor2D;
}

/**
 * A 0/1 mask [h, w] (values ≥ 0.5 inside) at the output's H × W, nearest
 * neighbour on pixel centres: output pixel y reads mask row ⌊(y + ½)·h/H⌋, as
 * a stride-s network's output pixel covers input pixels s·y … s·y + s − 1.
 */
export function maskAtOutput(mask: tf.Tensor2D, H: number, W: number): { mask: tf.Tensor2D; inside: number } {
  const [h, w] = mask.shape;
  const src = mask.dataSync();
  const out = new Float32Array(H * W);
  let inside = 0;
  for (let y = 0; y < H; y++) {
    const row = Math.min(h - 1, Math.floor(((y + 0.5) * h) / H)) * w;
    for (let x = 0; x < W; x++) {
      const v = src[row + Math.min(w - 1, Math.floor(((x + 0.5) * w) / W))] >= 0.5 ? 1 : 0;
      out[y * W + x] = v;
      inside += v;
    }
  }
  if (inside === 0) throw new StudioError('bad-mask', `the target region covers no pixel of the ${W}×${H} segmentation output: draw a larger region`);
  return { mask: tf.tensor2d(out, [H, W]), inside };
}

/** The same classifier over the same graph and probe with another region (its own dispose would release the graph: a view replaces it). */
export type Rebuild = (region: SegmentationRegion, drawn: tf.Tensor2D | null) => Classifier;

const SEGMENTATION_NOTE = 'segmentation output:';

/** Classifier.withTargetRegion of a segmentation model `base` whose output is H×W (see classifier.ts). */
export function targetRegionView(base: Classifier, region: SegmentationRegion | tf.Tensor2D, [H, W]: [number, number], rebuild: Rebuild): Classifier {
  const sidecarHead = (v: Classifier): Classifier => {
    // The head as it stands now (a sidecar may have set it after load), as randomisedCopy keeps it.
    v.head = base.head;
    v.headKnown = base.headKnown;
    return v;
  };
  if (typeof region === 'string') {
    const v = sidecarHead(rebuild(region, null));
    return { ...v, dispose: () => undefined };
  }
  const { mask: drawn, inside } = maskAtOutput(region, H, W);
  try {
    const v = sidecarHead(rebuild(base.segmentation ?? 'predicted', drawn));
    const view: Classifier = {
      ...v,
      warnings: [
        ...v.warnings.filter((w) => !w.startsWith(SEGMENTATION_NOTE)),
        `${SEGMENTATION_NOTE} a class score is its logit summed over the drawn target region (${inside} of ${W}×${H} pixels)`,
      ],
      randomisedCopy: async (layers, seed) => {
        const copy = await v.randomisedCopy(layers, seed);
        const r = copy.withTargetRegion!(drawn);
        return {
          ...r,
          dispose: () => {
            r.dispose();
            copy.dispose();
          },
        };
      },
      dispose: () => drawn.dispose(),
    };
    return view;
  } catch (e) {
    drawn.dispose();
    throw e;
  }
}

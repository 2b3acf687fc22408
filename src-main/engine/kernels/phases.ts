// Input gradients of strided convolutions by phases (sub-pixel convolution).
// The zero-upsampled route (util.ts dyForInputGradient) convolves an s²-times
// larger dy that is mostly zeros: 6.5 ms against 0.8 ms forward for a
// 224² 3×3/2 stem on wasm. With equal strides s ≥ 2 and no dilation, input row
// i' = i + padTop = s·q + r receives dy[q − j]·w[r + s·j] only, so each of the
// s_h·s_w phases (r_h, r_w) is a stride-1 'valid' correlation of dy (J − 1
// zeros in front) with a sub-filter of J = ⌈k/s⌉ taps. One convolution
// computes every phase as s_h·s_w·C output channels, a rank-4 transpose
// interleaves them (wasm's DepthToSpace is a scalar loop, 4× slower), and a
// slice crops the padding away.
import * as tf from '@tensorflow/tfjs';
import { padOrCrop } from './util';

export interface PhasePlan {
  sh: number;
  sw: number;
  /** Taps per phase sub-filter, rows and columns: ⌈f/s⌉. */
  jh: number;
  jw: number;
  /** Phase outputs per axis: ⌈(pad + in)/s⌉, so q·s + r covers every input row. */
  qh: number;
  qw: number;
}

/** The plan, or null when the phase route does not apply (stride 1, dilation). */
export function phasePlan(info: tf.backend_util.Conv2DInfo): PhasePlan | null {
  const { strideHeight: sh, strideWidth: sw } = info;
  if ((sh === 1 && sw === 1) || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const { padInfo: p, inHeight, inWidth, filterHeight: fh, filterWidth: fw } = info;
  return { sh, sw, jh: Math.ceil(fh / sh), jw: Math.ceil(fw / sw), qh: Math.ceil((p.top + inHeight) / sh), qw: Math.ceil((p.left + inWidth) / sw) };
}

/** Phases per output pixel: s_h·s_w. */
export const phaseCount = (plan: PhasePlan): number => plan.sh * plan.sw;

/**
 * Visits every filter tap (th, tw) with its place in the phase filter: row my,
 * column mx of the J_h×J_w sub-filter of phase p = r_h·s_w + r_w. Taps are
 * reversed within a phase because the correlation reads dy[q − j].
 */
export function forEachPhaseTap(
  info: tf.backend_util.Conv2DInfo,
  plan: PhasePlan,
  visit: (th: number, tw: number, my: number, mx: number, p: number) => void,
): void {
  const { sh, sw, jh, jw } = plan;
  for (let th = 0; th < info.filterHeight; th++) {
    for (let tw = 0; tw < info.filterWidth; tw++) {
      visit(th, tw, jh - 1 - Math.floor(th / sh), jw - 1 - Math.floor(tw / sw), (th % sh) * sw + (tw % sw));
    }
  }
}

/** dy with J − 1 zero rows/columns in front, padded or cropped behind to Q. */
export function dyForPhases(dy: tf.Tensor4D, plan: PhasePlan): tf.Tensor4D {
  const [, oh, ow] = dy.shape;
  return padOrCrop(dy, [
    [0, 0],
    [plan.jh - 1, plan.qh - oh],
    [plan.jw - 1, plan.qw - ow],
    [0, 0],
  ]) as tf.Tensor4D;
}

/**
 * Phase-major channels [N, Qh, Qw, s_h·s_w·C] interleaved into
 * [N, Qh·s_h, Qw·s_w, C] and cropped to the input. Channels run (r_h, r_w, c),
 * so (r_w, c) stays one contiguous block and only r_h and q_w swap.
 */
export function interleavePhases(z: tf.Tensor4D, info: tf.backend_util.Conv2DInfo, plan: PhasePlan): tf.Tensor4D {
  const [n, qh, qw, pc] = z.shape;
  const { sh, sw } = plan;
  const c = pc / (sh * sw);
  const rows = tf.transpose(tf.reshape(z, [n * qh, qw, sh, sw * c]), [0, 2, 1, 3]);
  const d = tf.reshape(rows, [n, qh * sh, qw * sw, c]) as tf.Tensor4D;
  return tf.slice(d, [0, info.padInfo.top, info.padInfo.left, 0], [n, info.inHeight, info.inWidth, c]);
}

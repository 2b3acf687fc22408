// Masks and region labels drawn at the image's resolution, brought to the
// model input exactly as model/preprocess.ts brings the image there (centre
// crop, letterbox pad or stretch, then resizeBilinear with aligned corners),
// so a hidden pixel of the image is hidden where the model sees it.
import * as tf from '@tensorflow/tfjs';
import type { ResizeMode } from '../api/types';

/** The part of the image (or the padded canvas around it) that is resized to h × w, as in preprocess.ts. */
export interface Frame {
  /** Top-left of the frame in image pixels (negative for pad: the frame starts outside the image). */
  top: number;
  left: number;
  height: number;
  width: number;
}

export function inputFrame(H: number, W: number, h: number, w: number, mode: ResizeMode): Frame {
  if (mode === 'crop') {
    const s = Math.min(H / h, W / w);
    const ch = Math.round(h * s);
    const cw = Math.round(w * s);
    return { top: Math.floor((H - ch) / 2), left: Math.floor((W - cw) / 2), height: ch, width: cw };
  }
  if (mode === 'pad') {
    const side = Math.max(H, W);
    // `0 - x`, not `-x`: no negative zero for the side that needs no pad.
    return { top: 0 - Math.floor((side - H) / 2), left: 0 - Math.floor((side - W) / 2), height: side, width: side };
  }
  return { top: 0, left: 0, height: H, width: W };
}

/**
 * Hidden fraction at the model input, [n, h, w, 1], from n masks of H × W
 * bytes (nonzero = hidden). Bilinear like the image: a mask edge that falls
 * between input pixels hides them partly, as the resized image mixes them.
 * Padding outside the image is never hidden.
 */
export function masksToInput(masks: Uint8Array[], H: number, W: number, h: number, w: number, mode: ResizeMode): tf.Tensor4D {
  const f = inputFrame(H, W, h, w, mode);
  return tf.tidy(() => {
    const one = (m: Uint8Array): tf.Tensor3D => {
      const bin = Float32Array.from(m, (v) => (v ? 1 : 0));
      let t = tf.tensor3d(bin, [H, W, 1]);
      if (mode === 'crop') t = t.slice([f.top, f.left, 0], [f.height, f.width, 1]);
      else if (mode === 'pad')
        t = t.pad([
          [-f.top, f.height - H + f.top],
          [-f.left, f.width - W + f.left],
          [0, 0],
        ]);
      return t.shape[0] === h && t.shape[1] === w ? t : tf.image.resizeBilinear(t, [h, w], true);
    };
    return tf.stack(masks.map(one)) as tf.Tensor4D;
  });
}

/**
 * Region labels at the model input (h × w), nearest neighbour on the same
 * aligned-corner grid as resizeBilinear; pixels of the pad, outside the image,
 * take `outside`. Labels are not blended: a pixel belongs to one region.
 */
export function labelsToInput(labels: ArrayLike<number>, H: number, W: number, h: number, w: number, mode: ResizeMode, outside = 0): Int32Array {
  const f = inputFrame(H, W, h, w, mode);
  const out = new Int32Array(h * w);
  const sy = h > 1 ? (f.height - 1) / (h - 1) : 0;
  const sx = w > 1 ? (f.width - 1) / (w - 1) : 0;
  for (let y = 0; y < h; y++) {
    const iy = f.top + Math.round(y * sy);
    for (let x = 0; x < w; x++) {
      const ix = f.left + Math.round(x * sx);
      out[y * w + x] = iy >= 0 && iy < H && ix >= 0 && ix < W ? labels[iy * W + ix] : outside;
    }
  }
  return out;
}

// Image -> model input. Kept apart from display windowing: the model always
// sees the image's default window (DICOM VOI LUT, MONOCHROME1 made bright-is-
// dense), whatever window the user picks on screen.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';
import type { DecodedImage } from '../io/decoded';

import { presetValues } from '../api/preprocess-spec';

export { checkPreprocess } from '../api/preprocess-spec';

/** Scales stored values to [0,1] through the image's default window. */
export function unitScale(img: DecodedImage): tf.Tensor3D {
  return tf.tidy(() => {
    const colour = img.channels === 4 ? 3 : img.channels;
    let t = tf.tensor3d(img.data, [img.height, img.width, img.channels]);
    if (img.channels === 4) t = t.slice([0, 0, 0], [-1, -1, 3]);
    const [lo, hi] = img.kind === 'dicom' ? img.window : [0, img.bitDepth === 16 ? 65535 : img.bitDepth === 8 ? 255 : Math.max(1, img.max)];
    let u = t
      .sub(lo)
      .div(Math.max(hi - lo, 1e-6))
      .clipByValue(0, 1);
    if (img.invert) u = tf.scalar(1).sub(u);
    return (colour === 1 ? u : u) as tf.Tensor3D;
  });
}

function matchChannels(x: tf.Tensor3D, channels: number): tf.Tensor3D {
  const have = x.shape[2];
  if (have === channels) return x;
  if (channels === 1) {
    // ITU-R BT.601 luma, as most greyscale conversions use.
    return x.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(2, true) as tf.Tensor3D;
  }
  if (have === 1 && channels === 3) return tf.tile(x, [1, 1, 3]) as tf.Tensor3D;
  throw new StudioError('bad-input', `cannot map ${have} image channels to the model's ${channels}`);
}

function resize(x: tf.Tensor3D, h: number, w: number, mode: PreprocessSpec['resize']): tf.Tensor3D {
  const [ih, iw] = x.shape;
  if (mode === 'crop') {
    const s = Math.min(ih / h, iw / w);
    const ch = Math.round(h * s);
    const cw = Math.round(w * s);
    x = x.slice([Math.floor((ih - ch) / 2), Math.floor((iw - cw) / 2), 0], [ch, cw, -1]);
  } else if (mode === 'pad') {
    const side = Math.max(ih, iw);
    const top = Math.floor((side - ih) / 2);
    const left = Math.floor((side - iw) / 2);
    x = x.pad([
      [top, side - ih - top],
      [left, side - iw - left],
      [0, 0],
    ]);
  }
  if (x.shape[0] === h && x.shape[1] === w) return x;
  return tf.image.resizeBilinear(x, [h, w], true);
}

/** Per-channel values as a tensor broadcast over the last axis; three need a 3-channel input. */
function perChannel(v: number[], channels: number, what: string, spec: PreprocessSpec): tf.Tensor {
  if (v.length === 1) return tf.scalar(v[0]);
  const whose = spec[what as 'mean' | 'std'] ? `the ${what} given (${v.length} values)` : `the ${spec.preset} preset`;
  if (v.length !== channels) throw new StudioError('bad-input', `${whose} needs a ${v.length}-channel model input`);
  return tf.tensor1d(v);
}

/** Returns [1, h, w, channels] in the model's value range: (v·scale − mean)/std per channel (presetValues). */
export function preprocess(img: DecodedImage, spec: PreprocessSpec, h: number, w: number, channels: number): tf.Tensor4D {
  return tf.tidy(() => {
    let x = resize(matchChannels(unitScale(img), channels), h, w, spec.resize);
    if (spec.invert) x = tf.scalar(1).sub(x);
    const v = presetValues(spec);
    // The image is RGB: a BGR model gets its channels reversed (its mean and std are given in BGR order).
    if (v.channels === 'bgr' && channels === 3) x = tf.reverse(x, 2);
    if (v.scale !== 1) x = x.mul(v.scale);
    x = x.sub(perChannel(v.mean, channels, 'mean', spec)).div(perChannel(v.std, channels, 'std', spec));
    return x.expandDims(0) as tf.Tensor4D;
  });
}

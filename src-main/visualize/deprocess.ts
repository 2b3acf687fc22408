// The inverse of model/preprocess.ts: from the model's input space back to a
// displayable 0…1 image, plus the facts the optimiser needs about that space
// (its valid range, the "zero image" it starts from, its scale).
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];

/** Model-space value of unit-space value `u` in channel `ch` (what preprocess does to one pixel). */
export function unitToModel(u: number, ch: number, spec: PreprocessSpec): number {
  if (spec.invert) u = 1 - u;
  switch (spec.preset) {
    case 'unit':
      return u;
    case 'signed':
      return 2 * u - 1;
    case 'raw':
      return 255 * u;
    case 'imagenet':
    case 'torchvision':
      return (u - IMAGENET_MEAN[ch]) / IMAGENET_STD[ch];
    case 'caffe':
      // Channels are reversed to BGR: model channel ch holds RGB channel 2 − ch.
      return 255 * u - CAFFE_MEAN_BGR[ch];
  }
}

export interface InputSpace {
  channels: number;
  /** Per channel: the model-space values of unit 0 and 1 (sorted), and the start ("zero") image. */
  lo: number[];
  hi: number[];
  centre: number[];
  /** Mean width of the valid range: learning rates are given in units of it. */
  span: number;
}

/**
 * The zero-centred start of Simonyan et al.: the dataset mean where the preset
 * subtracts one (imagenet, torchvision, caffe: model-space 0), mid-grey otherwise.
 */
export function inputSpace(spec: PreprocessSpec, channels: number): InputSpace {
  const lo: number[] = [];
  const hi: number[] = [];
  const centre: number[] = [];
  for (let ch = 0; ch < channels; ch++) {
    const a = unitToModel(0, ch, spec);
    const b = unitToModel(1, ch, spec);
    lo.push(Math.min(a, b));
    hi.push(Math.max(a, b));
    centre.push(spec.preset === 'imagenet' || spec.preset === 'torchvision' || spec.preset === 'caffe' ? 0 : unitToModel(0.5, ch, spec));
  }
  const span = hi.reduce((s, h, i) => s + h - lo[i], 0) / channels;
  return { channels, lo, hi, centre, span };
}

/** Model-space [1,h,w,c] → unit-space RGB-order [1,h,w,c] (unclipped). */
export function modelToUnit(x: tf.Tensor4D, spec: PreprocessSpec): tf.Tensor4D {
  return tf.tidy(() => {
    const c = x.shape[3];
    let u: tf.Tensor;
    switch (spec.preset) {
      case 'unit':
        u = x;
        break;
      case 'signed':
        u = x.add(1).div(2);
        break;
      case 'raw':
        u = x.div(255);
        break;
      case 'imagenet':
      case 'torchvision':
        u = x.mul(tf.tensor1d(IMAGENET_STD.slice(0, c))).add(tf.tensor1d(IMAGENET_MEAN.slice(0, c)));
        break;
      case 'caffe':
        u = tf.reverse(x.add(tf.tensor1d(CAFFE_MEAN_BGR.slice(0, c))).div(255), 3);
        break;
    }
    return (spec.invert ? tf.scalar(1).sub(u) : u) as tf.Tensor4D;
  });
}

/**
 * Unit-space [h·w·c] → RGBA bytes. Values outside 0…1 are compressed about
 * mid-grey (never clipped), so an unconstrained optimum still shows its shape
 * and an in-range image shows as it is.
 */
export function unitToRgba(u: Float32Array, h: number, w: number, c: number): Uint8Array {
  let dev = 0.5;
  for (const v of u) dev = Math.max(dev, Math.abs(v - 0.5));
  const k = 0.5 / dev;
  const out = new Uint8Array(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    for (let d = 0; d < 3; d++) out[p * 4 + d] = Math.round(255 * (0.5 + (u[p * c + (c === 1 ? 0 : d)] - 0.5) * k));
    out[p * 4 + 3] = 255;
  }
  return out;
}

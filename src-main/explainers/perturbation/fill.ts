// What "hidden" means for every perturbation method and the masking lab: the
// pixels under a mask are replaced by a fill, in the model's input space.
//   zero  — black: RGB (0,0,0) sent through the model's own preprocessing
//           (0 for `unit`, −mean/std for `imagenet`…).
//   mean  — the input's per-channel mean.
//   blur  — the input Gaussian-blurred (σ = 5% of the longer side).
//   noise — uniform noise over the input's per-channel range, seeded.
//   #rrggbb — that colour through the model's preprocessing.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { PreprocessSpec } from '../../api/types';
import type { DecodedImage } from '../../io/decoded';
import { preprocess } from '../../model/preprocess';
import { makeBaseline } from '../baselines';

export const FILL_KINDS = ['zero', 'mean', 'blur', 'noise'] as const;
export type Fill = (typeof FILL_KINDS)[number] | { rgb: [number, number, number] };

/** The fill parameter shared by every method that hides pixels. */
export const FILL_HELP = 'What hidden pixels become: zero (black), mean, blur, noise, or a colour #rrggbb.';

export function parseFill(s: string): Fill {
  if ((FILL_KINDS as readonly string[]).includes(s)) return s as Fill;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s.trim());
  if (m) return { rgb: [parseInt(m[1], 16) / 255, parseInt(m[2], 16) / 255, parseInt(m[3], 16) / 255] };
  throw new StudioError('bad-param', `fill "${s}": expected one of ${FILL_KINDS.join(', ')} or a colour #rrggbb`);
}

/** A constant RGB colour (0..1) in the model's input space, [1,1,1,c]. */
function colourInModelSpace(rgb: [number, number, number], spec: PreprocessSpec, channels: number): tf.Tensor4D {
  const img: DecodedImage = {
    kind: 'raster',
    format: 'png',
    width: 1,
    height: 1,
    channels: 3,
    bitDepth: 8,
    data: Float32Array.from(rgb, (v) => v * 255),
    min: 0,
    max: 255,
    window: [0, 255],
    invert: false,
    dicom: null,
    notes: [],
  };
  return preprocess(img, { ...spec, resize: 'stretch' }, 1, 1, channels);
}

/** The fully hidden image for input x [1,h,w,c]; the caller disposes it.
 * Without a preprocessing spec, colours assume the `unit` preset. */
export function fillImage(x: tf.Tensor4D, fill: Fill | string, opts: { preprocess?: PreprocessSpec; seed?: number } = {}): tf.Tensor4D {
  const f = typeof fill === 'string' ? parseFill(fill) : fill;
  if (f !== 'zero' && typeof f !== 'object') return makeBaseline(f, x, opts.seed ?? 0);
  const rgb: [number, number, number] = f === 'zero' ? [0, 0, 0] : f.rgb;
  const spec = opts.preprocess ?? { preset: 'unit', resize: 'stretch' };
  return tf.tidy(() => colourInModelSpace(rgb, spec, x.shape[3]).add(tf.zerosLike(x)) as tf.Tensor4D);
}

/**
 * x where keep = 1, the fill where keep = 0, blended in between:
 * x·keep + filled·(1 − keep). keep is [n,h,w,1] (or [n,h,w,c]); x and filled
 * are [1,h,w,c] and broadcast over n. Returns [n,h,w,c].
 */
export function composite(x: tf.Tensor4D, filled: tf.Tensor4D, keep: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => filled.add(x.sub(filled).mul(keep)) as tf.Tensor4D);
}

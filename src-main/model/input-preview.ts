// "What the model sees": an image's model input rendered back to 8-bit RGBA.
// Undoes what only changes the numbers (scale, mean/std, channel order), so a
// right pipeline shows the picture; keeps what changes the picture (the crop,
// pad or stretch, the channel matching, invert).
import type { InputPreview, PreprocessSpec } from '../api/types';
import { presetFacts, presetValues } from '../api/preprocess-spec';
import type { DecodedImage } from '../io/decoded';
import { preprocess } from './preprocess';

const at = (v: number[], c: number): number => (v.length === 1 ? v[0] : v[c]);

/** Tensor values [h, w, c] (row-major, the model's channel order) back to RGBA bytes: v = (y·std + mean)/scale, byte = round(255·v) clamped. */
export function renderBack(values: Float32Array | number[], h: number, w: number, c: number, spec: PreprocessSpec): Omit<InputPreview, 'preprocess'> {
  const { channels, scale, mean, std } = presetValues(spec);
  const data = new Uint8Array(h * w * 4);
  let min = Infinity;
  let max = -Infinity;
  const byte = (y: number, k: number): number => Math.min(255, Math.max(0, Math.round((255 * (y * at(std, k) + at(mean, k))) / scale)));
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < c; k++) {
      const y = values[p * c + k];
      if (y < min) min = y;
      if (y > max) max = y;
    }
    if (c === 3) {
      // A BGR input's channel 0 is blue: shown back in RGB.
      const src = channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
      for (let k = 0; k < 3; k++) data[p * 4 + k] = byte(values[p * 3 + src[k]], src[k]);
    } else {
      const g = byte(values[p * c], 0);
      data[p * 4] = data[p * 4 + 1] = data[p * 4 + 2] = g;
    }
    data[p * 4 + 3] = 255;
  }
  return { width: w, height: h, channels: c, data, min, max };
}

/** A whole spec from a partial one: fields left out take the preset's defaults (as a model's open does). */
export function fullSpec(given: Partial<PreprocessSpec>, fallback: PreprocessSpec): PreprocessSpec {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<PreprocessSpec>;
  const preset = defined.preset ?? fallback.preset;
  return { preset, resize: presetFacts(preset).resize, invert: false, ...defined };
}

/** The preview of `img` for a model input of h × w × c under `spec`; disposes its tensor. */
export function inputPreview(img: DecodedImage, spec: PreprocessSpec, h: number, w: number, c: number): InputPreview {
  const x = preprocess(img, spec, h, w, c);
  try {
    return { ...renderBack(x.dataSync() as Float32Array, h, w, c, spec), preprocess: spec };
  } finally {
    x.dispose();
  }
}

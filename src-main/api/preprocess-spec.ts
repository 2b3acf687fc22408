// The preprocessing spec's allowed values, checked without tfjs: request
// validation in the host process imports this, and must not load a backend.
import type { PreprocessPreset, PreprocessSpec, ResizeMode } from './types';

export interface PresetFacts {
  /** What the preset does to a pixel, for pickers and messages. */
  does: string;
  /** The resize the preset implies where none is given (a sidecar's or a request's `resize` wins). */
  resize: ResizeMode;
}

// Allowed values as objects keyed by the union types: tsc fails here when
// PreprocessSpec gains a preset, a resize mode or a field that is not checked.
// Order: how messages and pickers list them.
const PRESETS = {
  unit: { does: 'pixels scaled to [0, 1]', resize: 'stretch' },
  signed: { does: 'pixels scaled to [-1, 1]', resize: 'stretch' },
  imagenet: { does: 'RGB, /255, ImageNet mean and std', resize: 'stretch' },
  caffe: { does: 'BGR, 0..255, ImageNet mean subtracted', resize: 'stretch' },
  raw: { does: 'pixels as 0..255', resize: 'stretch' },
  // torchvision's Resize(256) + CenterCrop(224) keeps the centre: the nearest
  // resize mode is `crop` (the largest centred region of the input's aspect,
  // then resized), which keeps all of the short side where torchvision keeps
  // 224/256 of it. Values as imagenet; the ONNX import turns NHWC into NCHW.
  torchvision: { does: 'RGB, /255, ImageNet mean and std, centre crop', resize: 'crop' },
} satisfies Record<PreprocessPreset, PresetFacts>;
const RESIZE_MODES = { stretch: 1, crop: 1, pad: 1 } satisfies Record<ResizeMode, 1>;

/** Every preset, in the order messages list them. */
export const PREPROCESS_PRESETS = Object.keys(PRESETS) as PreprocessPreset[];
/** Every resize mode. */
export const RESIZE_MODE_NAMES = Object.keys(RESIZE_MODES) as ResizeMode[];

export const presetFacts = (p: PreprocessPreset): PresetFacts => PRESETS[p];

/** The presets as a model's picker offers them: torchvision first for an ONNX file (most come from PyTorch). */
export function presetsFor(format: string): PreprocessPreset[] {
  return format === 'onnx' ? ['torchvision', ...PREPROCESS_PRESETS.filter((p) => p !== 'torchvision')] : PREPROCESS_PRESETS;
}
const FIELDS: { [K in keyof PreprocessSpec]-?: (v: unknown) => string | null } = {
  preset: (v) => (typeof v === 'string' && Object.hasOwn(PRESETS, v) ? null : `"preprocess.preset" must be one of ${Object.keys(PRESETS).join(', ')}`),
  resize: (v) =>
    typeof v === 'string' && Object.hasOwn(RESIZE_MODES, v) ? null : `"preprocess.resize" must be one of ${Object.keys(RESIZE_MODES).join(', ')}`,
  invert: (v) => (typeof v === 'boolean' ? null : '"preprocess.invert" must be true or false'),
};

/**
 * Checks a (partial) PreprocessSpec from a request or a model's sidecar: null
 * when usable, else one line naming the field and what it allows. Fields left
 * out (or undefined) take their defaults; unknown fields are refused, since a
 * misspelt one would silently give wrong predictions. Values are never quoted.
 */
export function checkPreprocess(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '"preprocess" must be an object with any of preset, resize, invert';
  for (const [k, x] of Object.entries(v)) {
    if (!Object.hasOwn(FIELDS, k)) return `"preprocess" has a field ${JSON.stringify(k.slice(0, 40))}; allowed: ${Object.keys(FIELDS).join(', ')}`;
    if (x === undefined) continue;
    const problem = FIELDS[k as keyof PreprocessSpec](x);
    if (problem) return problem;
  }
  return null;
}

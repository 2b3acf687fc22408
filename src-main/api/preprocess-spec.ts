// The preprocessing spec's allowed values, checked without tfjs: request
// validation in the host process imports this, and must not load a backend.
import type { ChannelOrder, PreprocessPreset, PreprocessSpec, ResizeMode } from './types';

/** The values a pixel goes through: the model sees (v·scale − mean[c])/std[c], v in [0, 1], channels in `channels` order. */
export interface PreprocessValues {
  channels: ChannelOrder;
  scale: number;
  /** One value (every channel) or three (in the model's channel order). */
  mean: number[];
  std: number[];
}

export interface PresetFacts {
  /** What the preset does to a pixel, for pickers and messages. */
  does: string;
  /** The resize the preset implies where none is given (a sidecar's or a request's `resize` wins). */
  resize: ResizeMode;
  /** Its values, which a spec's channels, scale, mean and std override one by one. */
  values: PreprocessValues;
}

const IMAGENET = { channels: 'rgb', scale: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } satisfies PreprocessValues;

// Allowed values as objects keyed by the union types: tsc fails here when
// PreprocessSpec gains a preset, a resize mode or a field that is not checked.
// Order: how messages and pickers list them.
const PRESETS = {
  unit: { does: 'pixels scaled to [0, 1]', resize: 'stretch', values: { channels: 'rgb', scale: 1, mean: [0], std: [1] } },
  signed: { does: 'pixels scaled to [-1, 1]', resize: 'stretch', values: { channels: 'rgb', scale: 1, mean: [0.5], std: [0.5] } },
  imagenet: { does: 'RGB, /255, ImageNet mean and std', resize: 'stretch', values: IMAGENET },
  // Caffe's mean is in its BGR order.
  caffe: {
    does: 'BGR, 0..255, ImageNet mean subtracted',
    resize: 'stretch',
    values: { channels: 'bgr', scale: 255, mean: [103.939, 116.779, 123.68], std: [1] },
  },
  raw: { does: 'pixels as 0..255', resize: 'stretch', values: { channels: 'rgb', scale: 255, mean: [0], std: [1] } },
  // torchvision's Resize(256) + CenterCrop(224) keeps the centre: the nearest
  // resize mode is `crop` (the largest centred region of the input's aspect,
  // then resized), which keeps all of the short side where torchvision keeps
  // 224/256 of it. Values as imagenet; the ONNX import turns NHWC into NCHW.
  torchvision: { does: 'RGB, /255, ImageNet mean and std, centre crop', resize: 'crop', values: IMAGENET },
} satisfies Record<PreprocessPreset, PresetFacts>;
const RESIZE_MODES = { stretch: 1, crop: 1, pad: 1 } satisfies Record<ResizeMode, 1>;
const CHANNEL_ORDERS = { rgb: 1, bgr: 1 } satisfies Record<ChannelOrder, 1>;

/** Every preset, in the order messages list them. */
export const PREPROCESS_PRESETS = Object.keys(PRESETS) as PreprocessPreset[];
/** Every resize mode. */
export const RESIZE_MODE_NAMES = Object.keys(RESIZE_MODES) as ResizeMode[];

export const presetFacts = (p: PreprocessPreset): PresetFacts => PRESETS[p];

/** The presets as a model's picker offers them: torchvision first for an ONNX file (most come from PyTorch). */
export function presetsFor(format: string): PreprocessPreset[] {
  return format === 'onnx' ? ['torchvision', ...PREPROCESS_PRESETS.filter((p) => p !== 'torchvision')] : PREPROCESS_PRESETS;
}
/** A spec's values: its preset's, with each of channels, scale, mean and std it gives instead. */
export function presetValues(spec: PreprocessSpec): PreprocessValues {
  const v = PRESETS[spec.preset].values;
  return { channels: spec.channels ?? v.channels, scale: spec.scale ?? v.scale, mean: spec.mean ?? v.mean, std: spec.std ?? v.std };
}

/** Whether a spec's values differ from its preset's (the editor's "custom"). */
export const customValues = (spec: Partial<PreprocessSpec>): boolean => (['channels', 'scale', 'mean', 'std'] as const).some((k) => spec[k] !== undefined);

// Bounds that keep a misread value (a percentage, an exponent) from going unnoticed as well as any real model's.
const MAX_ABS = 1e6;
function perChannel(name: string, v: unknown, positive: boolean): string | null {
  const what = `"preprocess.${name}" must be a list of 1 or 3 ${positive ? 'numbers above 0' : 'numbers'} (one for every channel, or one per channel)`;
  if (!Array.isArray(v) || (v.length !== 1 && v.length !== 3)) return what;
  return v.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= MAX_ABS && (!positive || x > 0)) ? null : what;
}

const FIELDS: { [K in keyof PreprocessSpec]-?: (v: unknown) => string | null } = {
  preset: (v) => (typeof v === 'string' && Object.hasOwn(PRESETS, v) ? null : `"preprocess.preset" must be one of ${Object.keys(PRESETS).join(', ')}`),
  resize: (v) =>
    typeof v === 'string' && Object.hasOwn(RESIZE_MODES, v) ? null : `"preprocess.resize" must be one of ${Object.keys(RESIZE_MODES).join(', ')}`,
  invert: (v) => (typeof v === 'boolean' ? null : '"preprocess.invert" must be true or false'),
  channels: (v) => (typeof v === 'string' && Object.hasOwn(CHANNEL_ORDERS, v) ? null : '"preprocess.channels" must be rgb or bgr'),
  scale: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_ABS ? null : '"preprocess.scale" must be a number above 0 (1: [0, 1], 255: 0..255)',
  mean: (v) => perChannel('mean', v, false),
  std: (v) => perChannel('std', v, true),
};

/**
 * Checks a (partial) PreprocessSpec from a request or a model's sidecar: null
 * when usable, else one line naming the field and what it allows. Fields left
 * out (or undefined) take their defaults; unknown fields are refused, since a
 * misspelt one would silently give wrong predictions. Values are never quoted.
 */
export function checkPreprocess(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return `"preprocess" must be an object with any of ${Object.keys(FIELDS).join(', ')}`;
  for (const [k, x] of Object.entries(v)) {
    if (!Object.hasOwn(FIELDS, k)) return `"preprocess" has a field ${JSON.stringify(k.slice(0, 40))}; allowed: ${Object.keys(FIELDS).join(', ')}`;
    if (x === undefined) continue;
    const problem = FIELDS[k as keyof PreprocessSpec](x);
    if (problem) return problem;
  }
  return null;
}

// The preprocessing spec's allowed values, checked without tfjs: request
// validation in the host process imports this, and must not load a backend.
import type { PreprocessPreset, PreprocessSpec, ResizeMode } from './types';

// Allowed values as objects keyed by the union types: tsc fails here when
// PreprocessSpec gains a preset, a resize mode or a field that is not checked.
const PRESETS = { unit: 1, signed: 1, imagenet: 1, caffe: 1, raw: 1 } satisfies Record<PreprocessPreset, 1>;
const RESIZE_MODES = { stretch: 1, crop: 1, pad: 1 } satisfies Record<ResizeMode, 1>;
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

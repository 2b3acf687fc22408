// The Model panel's Preprocessing section as plain data: a draft of the spec
// with its numbers as typed, the spec it stands for, and that spec's problem
// as the engine would report it (the inputPreview request's own validation,
// api/spec.ts), so the section refuses what a request would.
import { StudioError } from '../../../src-main/api/errors';
import { presetFacts, presetValues } from '../../../src-main/api/preprocess-spec';
import type { ChannelOrder, PreprocessPreset, PreprocessSpec, ResizeMode } from '../../../src-main/api/types';
import { validateRequest } from '../../../src-main/api/validate';

export interface PreprocessDraft {
  preset: PreprocessPreset;
  resize: ResizeMode;
  invert: boolean;
  channels: ChannelOrder;
  /** As typed: numbers, and lists separated by commas or spaces. */
  scale: string;
  mean: string;
  std: string;
}

const list = (v: number[]): string => v.join(', ');

/** The draft of a model's spec: every value shown, the preset's where the spec gives none. */
export function draftOf(spec: PreprocessSpec): PreprocessDraft {
  const v = presetValues(spec);
  return {
    preset: spec.preset,
    resize: spec.resize,
    invert: spec.invert ?? false,
    channels: v.channels,
    scale: String(v.scale),
    mean: list(v.mean),
    std: list(v.std),
  };
}

/** Another preset: its own resize and values, the invert kept. */
export const withPreset = (d: PreprocessDraft, preset: PreprocessPreset): PreprocessDraft => ({
  ...draftOf({ preset, resize: presetFacts(preset).resize }),
  invert: d.invert,
});

const numbers = (s: string): number[] =>
  s
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map(Number);

const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The spec a draft stands for: preset, resize and invert, and each value that
 * differs from the preset's or that `current` sets (a sidecar's mean must be
 * replaced explicitly, or it would survive the reopen). Or the problem.
 */
export function specOf(d: PreprocessDraft, current?: Partial<PreprocessSpec>): { spec: Partial<PreprocessSpec> } | { problem: string } {
  const base = presetValues({ preset: d.preset, resize: d.resize });
  const scale = d.scale.trim() === '' ? Number.NaN : Number(d.scale);
  const [mean, std] = [numbers(d.mean), numbers(d.std)];
  const spec: Partial<PreprocessSpec> = { preset: d.preset, resize: d.resize, invert: d.invert };
  if (d.channels !== base.channels || current?.channels !== undefined) spec.channels = d.channels;
  if (scale !== base.scale || current?.scale !== undefined) spec.scale = scale;
  if (!same(mean, base.mean) || current?.mean !== undefined) spec.mean = mean;
  if (!same(std, base.std) || current?.std !== undefined) spec.std = std;
  try {
    validateRequest('inputPreview', { modelId: 'draft', imageId: 'draft', preprocess: spec });
  } catch (e) {
    if (!(e instanceof StudioError)) throw e;
    return { problem: e.message.replace(/^inputPreview: /, '') };
  }
  return { spec };
}

/** Whether a spec asks for what the model already has (nothing to apply). */
export function sameSpec(a: Partial<PreprocessSpec>, model: PreprocessSpec): boolean {
  const [va, vm] = [presetValues({ preset: a.preset ?? model.preset, resize: 'stretch', ...a }), presetValues(model)];
  return (
    a.preset === model.preset &&
    a.resize === model.resize &&
    (a.invert ?? false) === (model.invert ?? false) &&
    va.channels === vm.channels &&
    va.scale === vm.scale &&
    same(va.mean, vm.mean) &&
    same(va.std, vm.std)
  );
}

// Options every command shares: --model, --preprocess, --set k=v, --json, --debug.
import type { ParseArgsConfig } from 'node:util';
import type { ParamValues, PreprocessPreset, PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';

export const COMMON_OPTIONS = {
  model: { type: 'string' },
  preprocess: { type: 'string' },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const PRESETS: PreprocessPreset[] = ['unit', 'signed', 'imagenet', 'caffe', 'raw'];

export function parsePreprocess(v: string | undefined): Partial<PreprocessSpec> | undefined {
  if (v == null) return undefined;
  if (!(PRESETS as string[]).includes(v)) throw new StudioError('bad-arg', `--preprocess must be one of ${PRESETS.join(', ')}, got "${v}"`);
  return { preset: v as PreprocessPreset };
}

/** --set k=v pairs; numbers and booleans are typed here, ranges by the registry. */
export function parseSets(sets: string[] | undefined): ParamValues {
  const out: ParamValues = {};
  for (const s of sets ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new StudioError('bad-arg', `--set expects <param>=<value>, got "${s}"`);
    const k = s.slice(0, eq);
    const raw = s.slice(eq + 1);
    out[k] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export function requireOpt(v: string | undefined, flag: string): string {
  if (!v) throw new StudioError('bad-arg', `${flag} is required`);
  return v;
}

// What every command shares: the common options (--model, --preprocess, --set
// k=v, --json, --debug), the flag parsers and the host. A command parses its
// flags only as far as the CLI must (a flag missing, a number that does not
// parse), builds the operation's request and calls it on the in-process
// backend, which checks the request by the operation's rules (api/spec.ts)
// like every host; whether a value is allowed is said there, once.
import type { ParseArgsConfig } from 'node:util';
import { StudioError } from '../api/errors';
import type { JobProgress, ParamValues, PreprocessPreset, PreprocessSpec, StudioBackend, TargetSpec } from '../api/types';
import { startEngine } from '../engine/client';
import { startInProcess } from '../engine/in-process';
import { defaultJobWorkers } from '../engine/pool';

export const COMMON_OPTIONS = {
  model: { type: 'string' },
  preprocess: { type: 'string' },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

/** --preprocess <preset>; the preset names are checked with the openModel request. */
export function parsePreprocess(v: string | undefined): Partial<PreprocessSpec> | undefined {
  return v == null ? undefined : { preset: v as PreprocessPreset };
}

/** --set k=v pairs; numbers and booleans are typed here, names and ranges by the operation. */
export function parseSets(sets: string[] | undefined): ParamValues {
  const out: ParamValues = {};
  for (const s of sets ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new StudioError('bad-request', `--set expects <param>=<value>, got "${s}"`);
    const k = s.slice(0, eq);
    const raw = s.slice(eq + 1);
    out[k] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export function requireOpt(v: string | undefined, flag: string): string {
  if (!v) throw new StudioError('bad-request', `${flag} is required`);
  return v;
}

/** A comma-separated flag as its non-empty items. */
export const parseList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A flag that must be a number; whether it must be an integer, or in a range, is the operation's to say. */
export function parseNumber(v: string, flag: string, what = 'a number'): number {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new StudioError('bad-request', `${flag} must be ${what}, got "${v}"`);
  return n;
}

/** --target: "top" or a class index (whether the model has that class is the operation's to say). */
export function parseTarget(v: string | undefined): TargetSpec {
  return v == null || v === 'top' ? 'top' : parseNumber(v, '--target', '"top" or a class index');
}

/**
 * Runs a command on a backend closed afterwards: the engine in this process,
 * or with `--workers N` (or `auto`: the cores within free memory) a pool of N
 * engine workers, which runs a folder's images and a method's passes side by side.
 */
export async function withBackend<T>(fn: (api: StudioBackend) => Promise<T>, workers?: string): Promise<T> {
  const n = parseWorkers(workers ?? process.env.SALIENCY_WORKERS);
  const api = n > 1 ? await startEngine({ workers: n }) : await startInProcess();
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** Runs one job, handing its own progress events (and no other job's) to `onProgress`. */
export async function runJob<T>(api: StudioBackend, jobId: string, onProgress: (p: JobProgress) => void, call: () => Promise<T>): Promise<T> {
  const off = api.onProgress((p) => void (p.jobId === jobId && onProgress(p)));
  try {
    return await call();
  } finally {
    off();
  }
}

/**
 * Each method's parameter names (the controls' too: the registry lists them),
 * to hand one flat list of --set pairs to the methods that have them. An
 * unknown id has none; the operation refuses it.
 */
export async function methodParams(api: StudioBackend): Promise<(id: string) => string[]> {
  const all = await api.methods();
  return (id) => all.find((m) => m.id === id)?.params.map((p) => p.name) ?? [];
}

/** --workers N (1..64) or auto; absent: 1, this process. */
export function parseWorkers(v: string | undefined): number {
  if (v == null || v === '') return 1;
  if (v === 'auto') return defaultJobWorkers(undefined, {});
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new StudioError('bad-request', `--workers must be 1..64 or auto, got "${v}"`);
  return n;
}

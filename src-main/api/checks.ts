// The checks a request's fields must pass: small pure functions, each naming
// the field and what it must be, composed per operation in api/spec.ts.
import { checkExperiment, checkFill, checkMasks, checkRegions, checkTargetRegion } from '../api/masking-checks';
import { checkPreprocess } from './preprocess-spec';

export { checkExperiment, checkFill, checkMasks, checkRegions, checkTargetRegion, checkPreprocess };

export type Check = (arg: Record<string, unknown>) => string | null;

export const str =
  (k: string): Check =>
  (a) =>
    typeof a[k] === 'string' && (a[k] as string).length > 0 ? null : `"${k}" must be a non-empty string`;
export const either =
  (a: Check, b: Check, what: string): Check =>
  (x) =>
    a(x) === null || b(x) === null ? null : what;
export const files: Check = (a) =>
  Array.isArray(a.files) && a.files.every((f) => f && typeof f.name === 'string' && f.bytes instanceof Uint8Array)
    ? null
    : '"files" must be a list of {name, bytes}';
export const file: Check = (a) =>
  a.file && typeof (a.file as { name?: unknown }).name === 'string' && (a.file as { bytes?: unknown }).bytes instanceof Uint8Array
    ? null
    : '"file" must be {name, bytes}';
export const target: Check = (a) =>
  a.target == null || a.target === 'top' || (typeof a.target === 'number' && Number.isInteger(a.target)) ? null : '"target" must be "top" or a class index';
export const intIn =
  (k: string): Check =>
  (a) =>
    Number.isInteger(a[k]) && (a[k] as number) >= 0 ? null : `"${k}" must be a class index`;
export const optInt =
  (k: string, lo: number, hi: number): Check =>
  (a) =>
    a[k] == null || (Number.isInteger(a[k]) && (a[k] as number) >= lo && (a[k] as number) <= hi) ? null : `"${k}" must be an integer in ${lo}…${hi}`;
export const int =
  (k: string, lo: number, hi: number): Check =>
  (a) =>
    Number.isInteger(a[k]) && (a[k] as number) >= lo && (a[k] as number) <= hi ? null : `"${k}" must be an integer in ${lo}…${hi}`;
export const strList =
  (k: string): Check =>
  (a) =>
    Array.isArray(a[k]) && (a[k] as unknown[]).length > 0 && (a[k] as unknown[]).every((x) => typeof x === 'string' && x.length > 0)
      ? null
      : `"${k}" must be a non-empty list of strings`;
export const optStrList =
  (k: string): Check =>
  (a) =>
    a[k] == null || (Array.isArray(a[k]) && (a[k] as unknown[]).every((x) => typeof x === 'string' && x.length > 0))
      ? null
      : `"${k}" must be a list of strings`;
export const snapshot: Check = (a) => (a.project && typeof a.project === 'object' && !Array.isArray(a.project) ? null : '"project" must be a project snapshot');
export const params: Check = (a) => (a.params == null || (typeof a.params === 'object' && !Array.isArray(a.params)) ? null : '"params" must be an object');

// Small strict readers for the project file: each takes the value and the
// path of the field, and throws one ProjectFormatError naming that field
// ("single.result.map: 784 values, shape 28×27 needs 756"). Pure: no I/O.

export class ProjectFormatError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ProjectFormatError';
  }
}

export type Obj = Record<string, unknown>;

/** A value for an error message, cut to 40 characters (it comes from the file). */
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

export { jsonSyntaxProblem } from '../json-problem';

export function bad(field: string, problem: string): never {
  throw new ProjectFormatError(field, problem);
}

export function obj(v: unknown, field: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) bad(field, `must be an object, not ${show(v)}`);
  return v as Obj;
}

export function arr(v: unknown, field: string, max = 100_000): unknown[] {
  if (!Array.isArray(v)) bad(field, `must be a list, not ${show(v)}`);
  if (v.length > max) bad(field, `has ${v.length} entries, at most ${max} are allowed`);
  return v;
}

export function str(v: unknown, field: string, max = 4096): string {
  if (typeof v !== 'string') bad(field, `must be a string, not ${show(v)}`);
  if (v.length > max) bad(field, `is ${v.length} characters long, at most ${max}`);
  return v;
}

export function optStr(v: unknown, field: string, max = 4096): string | null {
  return v == null ? null : str(v, field, max);
}

export function num(v: unknown, field: string, opts: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(field, `must be a finite number, not ${show(v)}`);
  if (opts.int && !Number.isInteger(v)) bad(field, `must be an integer, not ${v}`);
  if (opts.min !== undefined && v < opts.min) bad(field, `must be ≥ ${opts.min}, not ${v}`);
  if (opts.max !== undefined && v > opts.max) bad(field, `must be ≤ ${opts.max}, not ${v}`);
  return v;
}

export function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') bad(field, `must be true or false, not ${show(v)}`);
  return v;
}

export function oneOf<T extends string>(v: unknown, field: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) bad(field, `must be one of ${options.join(', ')}, not ${show(v)}`);
  return v as T;
}

/** An index into a list of `n` entries. */
export function index(v: unknown, field: string, n: number, what: string): number {
  const i = num(v, field, { int: true, min: 0 });
  if (i >= n) bad(field, `refers to ${what} ${i}, but the project has ${n}`);
  return i;
}

/** [h, w] of positive integers whose product is `length`. */
export function shape2(v: unknown, field: string, length: number, lengthField: string): [number, number] {
  const s = arr(v, field, 2);
  if (s.length !== 2) bad(field, `must be [height, width], not ${show(v)}`);
  const h = num(s[0], `${field}[0]`, { int: true, min: 1 });
  const w = num(s[1], `${field}[1]`, { int: true, min: 1 });
  if (h * w !== length) bad(lengthField, `has ${length} values, shape ${h}×${w} needs ${h * w}`);
  return [h, w];
}

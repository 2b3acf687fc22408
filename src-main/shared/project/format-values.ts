// Project file pieces: typed arrays as {dtype, b64}, numbers, targets,
// parameters, overlay styles, windows and explain results (see format.ts).
import type { ParamValues, TargetSpec } from '../../api/types';
import type { ProjectOverlay, ProjectResult, ProjectWindow } from '../../api/project-types';
import { arr, bad, bool, num, obj, oneOf, shape2, str, type Obj } from './validate';

export const MIB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

// ---- typed arrays ----------------------------------------------------------

type Dtype = 'float32' | 'uint8';
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

// btoa/atob rather than Buffer: this module is pure, so the renderer's tests can run a project through it.
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function packBytes(a: Float32Array | Uint8Array): { dtype: Dtype; b64: string } {
  const dtype: Dtype = a instanceof Float32Array ? 'float32' : 'uint8';
  return { dtype, b64: toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
}

function unpack(v: unknown, field: string, dtype: Dtype): Uint8Array | Float32Array {
  const o = obj(v, field);
  oneOf(o.dtype, `${field}.dtype`, [dtype]);
  const b64 = str(o.b64, `${field}.b64`, 2 ** 30);
  if (b64.length % 4 !== 0 || !B64.test(b64)) bad(`${field}.b64`, 'is not base64');
  const bin = atob(b64);
  if (dtype === 'float32' && bin.length % 4 !== 0) bad(`${field}.b64`, `holds ${bin.length} bytes, not a whole number of float32 values`);
  // A fresh buffer: the bytes are copied once and aligned for Float32Array.
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return dtype === 'uint8' ? bytes : new Float32Array(bytes.buffer);
}

const f32 = (v: unknown, field: string) => unpack(v, field, 'float32') as Float32Array;
export const u8 = (v: unknown, field: string) => unpack(v, field, 'uint8') as Uint8Array;

// ---- small shared pieces -------------------------------------------------

/** extras are free-form readouts; a NaN there (e.g. R² of a constant fit) must not make the file unreadable. */
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const packNumber = (n: number | null): number | string | null => (n === null || Number.isFinite(n) ? n : String(n));

export function target(v: unknown, field: string): TargetSpec {
  return v === 'top' ? 'top' : num(v, field, { int: true, min: 0 });
}

export function params(v: unknown, field: string): ParamValues {
  const o = obj(v, field);
  const out: ParamValues = {};
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string') out[k] = str(x, `${field}.${k}`);
    else if (typeof x === 'boolean') out[k] = x;
    else out[k] = num(x, `${field}.${k}`);
  }
  return out;
}

export function classScore(v: unknown, field: string) {
  const o = obj(v, field);
  return {
    index: num(o.index, `${field}.index`, { int: true, min: 0 }),
    label: str(o.label, `${field}.label`),
    logit: num(o.logit, `${field}.logit`),
    probability: num(o.probability, `${field}.probability`, { min: 0, max: 1 }),
  };
}

const COLORMAP_NAME = /^[A-Za-z0-9_-]{1,32}$/;

export function overlay(v: unknown, field: string): ProjectOverlay {
  const o = obj(v, field);
  const colormap = str(o.colormap, `${field}.colormap`, 32);
  if (!COLORMAP_NAME.test(colormap)) bad(`${field}.colormap`, `is not a colormap name: ${JSON.stringify(colormap)}`);
  return {
    colormap,
    opacity: num(o.opacity, `${field}.opacity`, { min: 0, max: 1 }),
    mode: oneOf(o.mode, `${field}.mode`, ['abs', 'signed'] as const),
    visible: bool(o.visible, `${field}.visible`),
    clipPercentile: num(o.clipPercentile, `${field}.clipPercentile`, { min: 0, max: 100 }),
    grid: bool(o.grid, `${field}.grid`),
    threshold: o.threshold == null ? null : num(o.threshold, `${field}.threshold`, { min: 0, max: 1 }),
    contours: o.contours === undefined ? false : bool(o.contours, `${field}.contours`),
    ...(o.alpha === undefined ? {} : { alpha: oneOf(o.alpha, `${field}.alpha`, ['ramp', 'flat'] as const) }),
  };
}

/** A per-cell override: any subset of the overlay's fields. */
export function partialOverlay(v: unknown, field: string): Partial<ProjectOverlay> | null {
  if (v == null) return null;
  const o = obj(v, field);
  const full = overlay(
    { colormap: 'viridis', opacity: 1, mode: 'abs', visible: true, clipPercentile: 100, grid: false, threshold: null, contours: false, ...o },
    field,
  );
  return Object.fromEntries(
    Object.keys(o)
      .filter((k) => k in full)
      .map((k) => [k, full[k as keyof ProjectOverlay]]),
  ) as Partial<ProjectOverlay>;
}

export function displayWindow(v: unknown, field: string): ProjectWindow {
  const o = obj(v, field);
  const w: ProjectWindow = { center: num(o.center, `${field}.center`), width: num(o.width, `${field}.width`, { min: Number.MIN_VALUE }) };
  if (o.invert !== undefined) w.invert = bool(o.invert, `${field}.invert`);
  return w;
}

// ---- results -------------------------------------------------------------

export function packResult(r: ProjectResult): Obj {
  const extras = r.extras
    ? Object.fromEntries(Object.entries(r.extras).map(([k, x]) => [k, typeof x === 'number' ? packNumber(x) : Array.isArray(x) ? x.map(packNumber) : x]))
    : undefined;
  return {
    method: r.method,
    target: r.target,
    map: packBytes(r.map),
    shape: r.shape,
    min: packNumber(r.min),
    max: packNumber(r.max),
    ms: r.ms,
    ...(extras ? { extras } : {}),
    ...(r.grid ? { grid: { data: packBytes(r.grid.data), shape: r.grid.shape, layer: r.grid.layer } } : {}),
  };
}

/** extras: a number, or a non-finite one spelled out; null stays null (the web host's JSON wire already turned a NaN into it). */
function readNumberish(v: unknown, field: string): number {
  if (v === null) return null as unknown as number;
  return typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : num(v, field);
}

export function result(v: unknown, field: string): ProjectResult {
  const o = obj(v, field);
  const map = f32(o.map, `${field}.map`);
  const out: ProjectResult = {
    method: str(o.method, `${field}.method`, 64),
    target: classScore(o.target, `${field}.target`),
    map,
    shape: shape2(o.shape, `${field}.shape`, map.length, `${field}.map`),
    // An empty or all-NaN map has no finite extremes.
    min: typeof o.min === 'string' && o.min in NON_FINITE ? NON_FINITE[o.min] : num(o.min, `${field}.min`),
    max: typeof o.max === 'string' && o.max in NON_FINITE ? NON_FINITE[o.max] : num(o.max, `${field}.max`),
    ms: num(o.ms, `${field}.ms`, { min: 0 }),
  };
  if (o.extras !== undefined) {
    const e = obj(o.extras, `${field}.extras`);
    out.extras = Object.fromEntries(
      Object.entries(e).map(([k, x]) => {
        const f = `${field}.extras.${k}`;
        if (Array.isArray(x)) return [k, arr(x, f).map((y, i) => readNumberish(y, `${f}[${i}]`))];
        return [k, typeof x === 'string' && !(x in NON_FINITE) ? str(x, f) : readNumberish(x, f)];
      }),
    );
  }
  if (o.grid !== undefined) {
    const g = obj(o.grid, `${field}.grid`);
    const data = f32(g.data, `${field}.grid.data`);
    out.grid = { data, shape: shape2(g.shape, `${field}.grid.shape`, data.length, `${field}.grid.data`), layer: str(g.layer, `${field}.grid.layer`) };
  }
  return out;
}

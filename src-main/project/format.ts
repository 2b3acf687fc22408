// The project file (.ssproj): versioned JSON. Typed arrays (maps, native
// grids, masks, embedded uploads) are stored as {dtype, b64} of their raw
// little-endian bytes, so a Float32Array map comes back bit-exact. Decoding
// is strict — every shape against its array length, every enum, every number
// finite — and fails with one error naming the field.
import type { ExperimentRow, ParamValues, TargetSpec, UploadedFile } from '../api/types';
import type {
  ProjectCell, ProjectCompare, ProjectImage, ProjectMask, ProjectModel, ProjectOverlay, ProjectResult, ProjectSingle,
  ProjectSnapshot, ProjectWindow,
} from '../api/project-types';
import { checkExperiment, FILL_PATTERN, sanitizeRow } from '../masking/validate';
import { arr, bad, bool, index, num, obj, oneOf, optStr, shape2, str, type Obj } from './validate';

export const PROJECT_FORMAT = 'saliency-studio-project';
export const PROJECT_VERSION = 1;
export const PROJECT_EXT = '.ssproj';
/** Kept equal to package.json's version (a test checks). */
export const APP_VERSION = '0.1.0';
/** Uploaded model and image bytes a project may embed, in total. */
export const MAX_EMBEDDED_BYTES = 64 * 1024 * 1024;

const MIB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

// ---- typed arrays ----------------------------------------------------------

type Dtype = 'float32' | 'uint8';
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

// btoa/atob rather than Buffer: this module is pure, so the renderer's tests can run a project through it.
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function packBytes(a: Float32Array | Uint8Array): { dtype: Dtype; b64: string } {
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
const u8 = (v: unknown, field: string) => unpack(v, field, 'uint8') as Uint8Array;

// ---- small shared pieces -------------------------------------------------

/** extras are free-form readouts; a NaN there (e.g. R² of a constant fit) must not make the file unreadable. */
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const packNumber = (n: number | null): number | string | null => (n === null || Number.isFinite(n) ? n : String(n));

function target(v: unknown, field: string): TargetSpec {
  return v === 'top' ? 'top' : num(v, field, { int: true, min: 0 });
}

function params(v: unknown, field: string): ParamValues {
  const o = obj(v, field);
  const out: ParamValues = {};
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string') out[k] = str(x, `${field}.${k}`);
    else if (typeof x === 'boolean') out[k] = x;
    else out[k] = num(x, `${field}.${k}`);
  }
  return out;
}

function classScore(v: unknown, field: string) {
  const o = obj(v, field);
  return {
    index: num(o.index, `${field}.index`, { int: true, min: 0 }),
    label: str(o.label, `${field}.label`),
    logit: num(o.logit, `${field}.logit`),
    probability: num(o.probability, `${field}.probability`, { min: 0, max: 1 }),
  };
}

const COLORMAP_NAME = /^[A-Za-z0-9_-]{1,32}$/;

function overlay(v: unknown, field: string): ProjectOverlay {
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
  };
}

/** A per-cell override: any subset of the overlay's fields. */
function partialOverlay(v: unknown, field: string): Partial<ProjectOverlay> | null {
  if (v == null) return null;
  const o = obj(v, field);
  const full = overlay({ colormap: 'viridis', opacity: 1, mode: 'abs', visible: true, clipPercentile: 100, grid: false, threshold: null, contours: false, ...o }, field);
  return Object.fromEntries(Object.keys(o).filter((k) => k in full).map((k) => [k, full[k as keyof ProjectOverlay]])) as Partial<ProjectOverlay>;
}

function displayWindow(v: unknown, field: string): ProjectWindow {
  const o = obj(v, field);
  const w: ProjectWindow = { center: num(o.center, `${field}.center`), width: num(o.width, `${field}.width`, { min: Number.MIN_VALUE }) };
  if (o.invert !== undefined) w.invert = bool(o.invert, `${field}.invert`);
  return w;
}

// ---- results -------------------------------------------------------------

function packResult(r: ProjectResult): Obj {
  const extras = r.extras ? Object.fromEntries(Object.entries(r.extras).map(([k, x]) => [k, typeof x === 'number' ? packNumber(x) : Array.isArray(x) ? x.map(packNumber) : x])) : undefined;
  return {
    method: r.method, target: r.target, map: packBytes(r.map), shape: r.shape, min: packNumber(r.min), max: packNumber(r.max), ms: r.ms,
    ...(extras ? { extras } : {}),
    ...(r.grid ? { grid: { data: packBytes(r.grid.data), shape: r.grid.shape, layer: r.grid.layer } } : {}),
  };
}

/** extras: a number, or a non-finite one spelled out; null stays null (the web host's JSON wire already turned a NaN into it). */
function readNumberish(v: unknown, field: string): number {
  if (v === null) return null as unknown as number;
  return typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : num(v, field);
}

function result(v: unknown, field: string): ProjectResult {
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

// ---- sources: paths or embedded uploads ----------------------------------

function packFile(f: UploadedFile): Obj {
  return { name: f.name, bytes: packBytes(f.bytes) };
}

function file(v: unknown, field: string): UploadedFile {
  const o = obj(v, field);
  return { name: str(o.name, `${field}.name`, 1024), bytes: u8(o.bytes, `${field}.bytes`) };
}

function model(v: unknown, field: string): ProjectModel {
  const o = obj(v, field);
  const m: ProjectModel = { name: str(o.name, `${field}.name`, 1024) };
  if (o.path != null) m.path = str(o.path, `${field}.path`);
  if (o.files != null) m.files = arr(o.files, `${field}.files`, 1000).map((f, i) => file(f, `${field}.files[${i}]`));
  if (!m.path && !m.files?.length) bad(`${field}.path`, 'is missing: a model needs its path or its embedded files');
  if (o.preprocess != null) {
    const p = obj(o.preprocess, `${field}.preprocess`);
    m.preprocess = {};
    if (p.preset !== undefined) m.preprocess.preset = oneOf(p.preset, `${field}.preprocess.preset`, ['unit', 'signed', 'imagenet', 'caffe', 'raw'] as const);
    if (p.resize !== undefined) m.preprocess.resize = oneOf(p.resize, `${field}.preprocess.resize`, ['stretch', 'crop', 'pad'] as const);
    if (p.invert !== undefined) m.preprocess.invert = bool(p.invert, `${field}.preprocess.invert`);
  }
  return m;
}

function image(v: unknown, field: string): ProjectImage {
  const o = obj(v, field);
  const im: ProjectImage = { name: str(o.name, `${field}.name`, 1024) };
  if (o.path != null) im.path = str(o.path, `${field}.path`);
  if (o.file != null) im.file = file(o.file, `${field}.file`);
  if (!im.path && !im.file) bad(`${field}.path`, 'is missing: an image needs its path or its embedded file');
  return im;
}

/** Refuses more embedded bytes than MAX_EMBEDDED_BYTES, naming the largest. */
function checkEmbedded(models: ProjectModel[], images: ProjectImage[]): void {
  const parts = [
    ...models.map((m, i) => ({ field: `models[${i}].files`, name: m.name, bytes: m.path ? 0 : (m.files ?? []).reduce((a, f) => a + f.bytes.length, 0) })),
    ...images.map((im, i) => ({ field: `images[${i}].file`, name: im.name, bytes: im.path ? 0 : (im.file?.bytes.length ?? 0) })),
  ];
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  if (total <= MAX_EMBEDDED_BYTES) return;
  const big = parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));
  bad(big.field, `the uploaded files come to ${MIB(total)} (${big.name}: ${MIB(big.bytes)}); a project embeds at most ${MIB(MAX_EMBEDDED_BYTES)} — open large models and images from a path (the desktop app) so the project refers to them instead`);
}

// ---- views ---------------------------------------------------------------

function single(v: unknown, field: string, nModels: number, nImages: number): ProjectSingle {
  const o = obj(v, field);
  return {
    model: o.model == null ? null : index(o.model, `${field}.model`, nModels, 'model'),
    image: o.image == null ? null : index(o.image, `${field}.image`, nImages, 'image'),
    demoId: optStr(o.demoId, `${field}.demoId`, 256),
    methodId: optStr(o.methodId, `${field}.methodId`, 64),
    params: params(o.params ?? {}, `${field}.params`),
    target: target(o.target, `${field}.target`),
    layer: optStr(o.layer, `${field}.layer`, 1024),
    allLayers: o.allLayers === undefined ? false : bool(o.allLayers, `${field}.allLayers`),
    overlay: overlay(o.overlay, `${field}.overlay`),
    window: o.window == null ? null : displayWindow(o.window, `${field}.window`),
    prediction:
      o.prediction == null
        ? null
        : (() => {
            const p = obj(o.prediction, `${field}.prediction`);
            return { top: arr(p.top, `${field}.prediction.top`, 1000).map((c, i) => classScore(c, `${field}.prediction.top[${i}]`)), ms: num(p.ms, `${field}.prediction.ms`, { min: 0 }) };
          })(),
    result: o.result == null ? null : result(o.result, `${field}.result`),
  };
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const gridId = (v: unknown, field: string): string => {
  const s = str(v, field, 64);
  if (!ID.test(s)) bad(field, `is not a grid id: ${JSON.stringify(s)}`);
  return s;
};

function compare(v: unknown, field: string, nModels: number, nImages: number): ProjectCompare {
  const o = obj(v, field);
  const rows = arr(o.rows, `${field}.rows`, 1000).map((r, i) => {
    const x = obj(r, `${field}.rows[${i}]`);
    return { id: gridId(x.id, `${field}.rows[${i}].id`), model: index(x.model, `${field}.rows[${i}].model`, nModels, 'model'), image: index(x.image, `${field}.rows[${i}].image`, nImages, 'image') };
  });
  const columns = arr(o.columns, `${field}.columns`, 1000).map((c, i) => {
    const x = obj(c, `${field}.columns[${i}]`);
    return { id: gridId(x.id, `${field}.columns[${i}].id`), methodId: str(x.methodId, `${field}.columns[${i}].methodId`, 64), params: params(x.params ?? {}, `${field}.columns[${i}].params`), layer: optStr(x.layer, `${field}.columns[${i}].layer`, 1024) };
  });
  const rowIds = new Set(rows.map((r) => r.id));
  const colIds = new Set(columns.map((c) => c.id));
  const cells = arr(o.cells, `${field}.cells`, 1_000_000).map((c, i): ProjectCell => {
    const f = `${field}.cells[${i}]`;
    const x = obj(c, f);
    const row = gridId(x.row, `${f}.row`);
    const column = gridId(x.column, `${f}.column`);
    if (!rowIds.has(row)) bad(`${f}.row`, `names no row of the grid: ${row}`);
    if (!colIds.has(column)) bad(`${f}.column`, `names no column of the grid: ${column}`);
    return {
      row, column,
      status: oneOf(x.status, `${f}.status`, ['done', 'failed', 'cancelled', 'queued'] as const),
      result: x.result == null ? null : result(x.result, `${f}.result`),
      error: optStr(x.error, `${f}.error`),
      style: partialOverlay(x.style, `${f}.style`),
    };
  });
  const view = obj(o.view, `${field}.view`);
  return {
    mode: oneOf(o.mode, `${field}.mode`, ['images', 'models'] as const),
    rows, columns, cells,
    style: overlay(o.style, `${field}.style`),
    target: target(o.target, `${field}.target`),
    selected: optStr(o.selected, `${field}.selected`, 200),
    windows: arr(o.windows ?? [], `${field}.windows`, 1000).map((w, i) => {
      const x = obj(w, `${field}.windows[${i}]`);
      return { image: index(x.image, `${field}.windows[${i}].image`, nImages, 'image'), window: displayWindow(x.window, `${field}.windows[${i}].window`) };
    }),
    nextId: num(o.nextId, `${field}.nextId`, { int: true, min: 1 }),
    view: { zoom: num(view.zoom, `${field}.view.zoom`, { min: 1e-6, max: 1e6 }), cx: num(view.cx, `${field}.view.cx`), cy: num(view.cy, `${field}.view.cy`) },
    ...(o.cellSize == null ? {} : { cellSize: num(o.cellSize, `${field}.cellSize`, { int: true, min: 96, max: 480 }) }),
  };
}

function mask(v: unknown, field: string, nImages: number): ProjectMask {
  const o = obj(v, field);
  const width = num(o.width, `${field}.width`, { int: true, min: 1 });
  const height = num(o.height, `${field}.height`, { int: true, min: 1 });
  const data = u8(o.data, `${field}.data`);
  if (data.length !== width * height) bad(`${field}.data`, `has ${data.length} values, ${width}×${height} needs ${width * height}`);
  const fill = str(o.fill, `${field}.fill`, 16);
  if (!FILL_PATTERN.test(fill)) bad(`${field}.fill`, `must be zero, mean, blur, noise or #rrggbb, not ${JSON.stringify(fill)}`);
  return {
    image: index(o.image, `${field}.image`, nImages, 'image'), width, height, data, fill,
    brush: num(o.brush, `${field}.brush`, { min: 1, max: 512 }),
    tool: oneOf(o.tool, `${field}.tool`, ['brush', 'eraser', 'rect', 'polygon', 'superpixel'] as const),
    useRegions: bool(o.useRegions, `${field}.useRegions`),
    autoLog: bool(o.autoLog, `${field}.autoLog`),
  };
}

function experiments(v: unknown, field: string): ExperimentRow[] {
  return arr(v ?? [], field, 10_000).map((r, i) => {
    const row = sanitizeRow(r);
    if (!row) bad(`${field}[${i}]`, checkExperiment(r) ?? 'must have a string id and time');
    return row;
  });
}

// ---- the file ------------------------------------------------------------

export interface ProjectFileMeta {
  savedAt: string;
  appVersion: string;
}

/** The JSON document of a project (before JSON.stringify). Throws on embedded uploads over the cap. */
export function encodeProject(p: ProjectSnapshot, meta: ProjectFileMeta): Obj {
  checkEmbedded(p.models, p.images);
  const packResultOrNull = (r: ProjectResult | null) => (r ? packResult(r) : null);
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    appVersion: meta.appVersion,
    savedAt: meta.savedAt,
    models: p.models.map((m) => ({ name: m.name, ...(m.path ? { path: m.path } : { files: (m.files ?? []).map(packFile) }), ...(m.preprocess ? { preprocess: m.preprocess } : {}) })),
    images: p.images.map((im) => ({ name: im.name, ...(im.path ? { path: im.path } : im.file ? { file: packFile(im.file) } : {}) })),
    single: { ...p.single, result: packResultOrNull(p.single.result) },
    compare: p.compare ? { ...p.compare, cells: p.compare.cells.map((c) => ({ ...c, result: packResultOrNull(c.result) })) } : null,
    mask: p.mask ? { ...p.mask, data: packBytes(p.mask.data) } : null,
    experiments: p.experiments,
    ...(p.tab ? { tab: p.tab } : {}),
  };
}

export interface DecodedProject extends ProjectFileMeta {
  project: ProjectSnapshot;
}

/** Reads a parsed project document; throws ProjectFormatError naming the first bad field. */
export function decodeProject(v: unknown): DecodedProject {
  const o = obj(v, 'project');
  if (o.format !== PROJECT_FORMAT) bad('format', `is ${JSON.stringify(o.format)}, not "${PROJECT_FORMAT}": not a Saliency Studio project`);
  const version = num(o.version, 'version', { int: true });
  if (version !== PROJECT_VERSION) bad('version', `is ${version}; this app reads version ${PROJECT_VERSION}${version > PROJECT_VERSION ? ' (the project was saved by a newer Saliency Studio)' : ''}`);
  const appVersion = str(o.appVersion, 'appVersion', 64);
  const savedAt = str(o.savedAt, 'savedAt', 64);
  if (Number.isNaN(Date.parse(savedAt))) bad('savedAt', `is not a date: ${JSON.stringify(savedAt)}`);
  const models = arr(o.models, 'models', 1000).map((m, i) => model(m, `models[${i}]`));
  const images = arr(o.images, 'images', 10_000).map((m, i) => image(m, `images[${i}]`));
  checkEmbedded(models, images);
  const project: ProjectSnapshot = {
    models,
    images,
    single: single(o.single, 'single', models.length, images.length),
    compare: o.compare == null ? null : compare(o.compare, 'compare', models.length, images.length),
    mask: o.mask == null ? null : mask(o.mask, 'mask', images.length),
    experiments: experiments(o.experiments, 'experiments'),
    ...(o.tab == null ? {} : { tab: oneOf(o.tab, 'tab', ['explore', 'compare', 'evaluate'] as const) }),
  };
  return { project, savedAt, appVersion };
}

/** Text of a project file; the document is decoded once before it is returned, so what is written always reads back. */
export function projectText(p: ProjectSnapshot, meta: ProjectFileMeta): string {
  const doc = encodeProject(p, meta);
  const text = `${JSON.stringify(doc)}\n`;
  decodeProject(JSON.parse(text));
  return text;
}

/** Parses and decodes the text of a project file. */
export function parseProject(text: string): DecodedProject {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad('file', `is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return decodeProject(doc);
}

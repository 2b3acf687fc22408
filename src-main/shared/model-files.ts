// Which of the files a user picked or dropped is what: a model's main file,
// its weight shards, its labels, its sidecar, an image, or none of these.
// Decided by content, never by the order of the list, and by name only where
// a format has no other mark (.onnx, .h5/.hdf5/.keras, saliency-studio.json):
// model.json by its keys, shards by the manifest's paths, labels by their
// shape. Pure and isomorphic: the renderer routes a pick or a drop with it,
// the engine finds model.json among uploads with it.
import { sniff } from './sniff';

/** One file as the classifier sees it: its whole bytes, or (binary files) a prefix of them. */
export interface FileSample {
  name: string;
  /** The file's full size in bytes. */
  size: number;
  /** The whole file, or at least its first SAMPLE_BYTES when it is not text (see wantsWholeFile). */
  bytes: Uint8Array;
}

export type FileRole = 'tfjs-model' | 'weights' | 'onnx' | 'keras' | 'keras-config' | 'sidecar' | 'labels' | 'image' | 'other';

export interface LabelsFound<F> {
  file: F;
  names: string[];
  /** JSON labels are unambiguous; text labels count only where their length is the model's class count. */
  from: 'json' | 'text';
}

export interface ModelFiles<F> {
  kind: 'tfjs' | 'onnx' | 'keras';
  /** The file the model is opened by. */
  main: F;
  /** What the model is opened with: the main file first, then shards, the Keras config, the sidecar, labels. */
  parts: F[];
  /** tfjs: the manifest's shard names that no file has. */
  missing: string[];
}

export interface ClassifiedFiles<F> {
  /** Each file's role, in the order given. */
  roles: FileRole[];
  model: ModelFiles<F> | null;
  sidecar: F | null;
  /** Every file shaped like labels, JSON ones first. */
  labels: LabelsFound<F>[];
  /** Files whose bytes carry an image signature (raster or DICOM), in the order given. */
  images: F[];
}

/** The bytes read of a file that is not text: enough for every image signature and for telling text from binary. */
export const SAMPLE_BYTES = 4096;
/** model.json: the largest text read whole (see model/files.ts for why). */
export const MAX_MODEL_JSON_BYTES = 256 * 1024 * 1024;
/** A labels file: 21k ImageNet names fit well under 1 MiB. */
export const MAX_LABELS_BYTES = 4 * 1024 * 1024;
/** A name longer than this is not a class name: the line is prose or code. */
const MAX_NAME_CHARS = 200;

export const SIDECAR_NAME = 'saliency-studio.json';
const base = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/** Text: valid UTF-8 so far with no control bytes but tab, CR, LF, FF and ESC. */
export function looksLikeText(b: Uint8Array): boolean {
  const head = b.subarray(0, SAMPLE_BYTES);
  if (head.length === 0) return false;
  for (const c of head) if (c < 9 || (c > 13 && c < 32 && c !== 27) || c === 11) return false;
  try {
    // stream: a multi-byte character cut at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Whether a caller holding only the first bytes of a file must read all of it for the classifier: text up to the model.json limit. */
export function wantsWholeFile(head: Uint8Array, size: number): boolean {
  return size > head.byteLength && size <= MAX_MODEL_JSON_BYTES && looksLikeText(head);
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const INDEX = /^(0|[1-9]\d*)$/;

/** Names from JSON labels: an array of strings, or an object of index → name (or index → [id, …, name], Keras' imagenet_class_index). */
export function jsonLabelNames(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.length > 0 && v.every(isStr) ? v : null;
  if (!v || typeof v !== 'object') return null;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return null;
  const names: string[] = new Array<string>(entries.length);
  for (const [k, val] of entries) {
    // Indices 0 … n−1, each once (an object's keys are distinct).
    if (!INDEX.test(k) || Number(k) >= entries.length) return null;
    const name = isStr(val) ? val : Array.isArray(val) && val.length > 0 && val.every(isStr) ? val[val.length - 1] : null;
    if (name === null) return null;
    names[Number(k)] = name;
  }
  return names;
}

/** Names from a text file, one per line; Teachable Machine's "0 Normal", "1 Covid19", … lose the index that equals the line's own. */
export function textLabelNames(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const indexed = lines.length > 0 && lines.every((l, i) => l.startsWith(`${i} `));
  return indexed ? lines.map((l, i) => l.slice(`${i} `.length)) : lines;
}

type Content =
  { kind: 'tfjs-model'; paths: string[] } | { kind: 'keras-config' } | { kind: 'labels'; names: string[]; from: 'json' | 'text' } | { kind: 'other' };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The manifest's shard names; a malformed manifest gives none (the loader names what is wrong with it). */
function manifestPaths(m: unknown): string[] {
  if (!Array.isArray(m)) return [];
  return m.flatMap((g) => (isObject(g) && Array.isArray(g.paths) ? g.paths.filter(isStr).map(base) : []));
}

/** What a whole text file holds. */
function textContent(f: FileSample): Content {
  if (f.size > MAX_MODEL_JSON_BYTES) return { kind: 'other' };
  const text = new TextDecoder().decode(f.bytes).replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { kind: 'other' };
    }
    if (isObject(v) && v.modelTopology && (Array.isArray(v.weightsManifest) || isStr(v.format)))
      return { kind: 'tfjs-model', paths: manifestPaths(v.weightsManifest) };
    // model.to_json(): what a Keras .h5 holding only weights needs beside it.
    if (isObject(v) && isStr(v.class_name) && isObject(v.config)) return { kind: 'keras-config' };
    const names = f.size <= MAX_LABELS_BYTES ? jsonLabelNames(v) : null;
    return names ? { kind: 'labels', names, from: 'json' } : { kind: 'other' };
  }
  if (f.size > MAX_LABELS_BYTES) return { kind: 'other' };
  const names = textLabelNames(text);
  return names.length > 0 && names.every((n) => n.length <= MAX_NAME_CHARS) ? { kind: 'labels', names, from: 'text' } : { kind: 'other' };
}

/** The model.json to open among several: the one with fewest shards missing, then the one named model.json, then the first. */
function bestModel<F extends FileSample>(found: { file: F; paths: string[] }[], have: Set<string>): { file: F; paths: string[] } | null {
  const missing = (m: { paths: string[] }) => m.paths.filter((p) => !have.has(p)).length;
  let best: { file: F; paths: string[] } | null = null;
  for (const m of found) {
    if (!best || missing(m) < missing(best) || (missing(m) === missing(best) && base(m.file.name) === 'model.json' && base(best.file.name) !== 'model.json'))
      best = m;
  }
  return best;
}

/** A labels file's usual names (labels.txt, class_names.txt, imagenet_classes.json, dict.txt): among uploads a tie-breaker only, the content decides. */
export const LABELS_NAME = /^(labels?|class(es|_names|names)?|.*_classes.*|dict)\.(txt|json)$/i;
/** JSON labels first, then text labels with a labels file's name, then other text (a README, a LICENSE). */
const rank = (l: LabelsFound<FileSample>): number => (l.from === 'json' ? 0 : LABELS_NAME.test(base(l.file.name)) ? 1 : 2);

export function classifyModelFiles<F extends FileSample>(files: readonly F[]): ClassifiedFiles<F> {
  const roles: FileRole[] = files.map(() => 'other');
  const contents: Content[] = files.map(() => ({ kind: 'other' }));
  const models: { file: F; paths: string[] }[] = [];
  files.forEach((f, i) => {
    const name = base(f.name);
    if (name.endsWith(SIDECAR_NAME)) roles[i] = 'sidecar';
    else if (/\.onnx$/i.test(name)) roles[i] = 'onnx';
    else if (/\.(h5|hdf5|keras)$/i.test(name)) roles[i] = 'keras';
    else if (f.bytes.byteLength >= f.size && looksLikeText(f.bytes)) {
      contents[i] = textContent(f);
      if (contents[i].kind !== 'other') roles[i] = contents[i].kind as FileRole;
      const c = contents[i];
      if (c.kind === 'tfjs-model') models.push({ file: f, paths: c.paths });
    }
  });
  // Shards by the manifests' names: a shard's bytes say nothing (and a tiny one may even read as text).
  const shardNames = new Set(models.flatMap((m) => m.paths));
  files.forEach((f, i) => {
    if (shardNames.has(base(f.name)) && ['other', 'labels'].includes(roles[i])) roles[i] = 'weights';
    else if (roles[i] === 'other' && sniff(f.bytes).kind !== 'other') roles[i] = 'image';
  });
  const where = (role: FileRole) => files.filter((_, i) => roles[i] === role);
  const sidecar = where('sidecar')[0] ?? null;
  const labels = files
    .map((file, i) => ({ file, c: contents[i], role: roles[i] }))
    .filter((x) => x.role === 'labels' && x.c.kind === 'labels')
    .map(({ file, c }) => ({ file, names: (c as { names: string[] }).names, from: (c as { from: 'json' | 'text' }).from }))
    .sort((a, b) => rank(a) - rank(b));
  const extras = [...(sidecar ? [sidecar] : []), ...labels.map((l) => l.file)];
  let model: ModelFiles<F> | null = null;
  // Keras before ONNX before tfjs, as the engine has always opened a mixed upload.
  const keras = where('keras')[0];
  const onnx = where('onnx')[0];
  if (keras) {
    const config = /\.(h5|hdf5)$/i.test(keras.name) ? where('keras-config') : [];
    model = { kind: 'keras', main: keras, parts: [keras, ...(config.length === 1 ? config : []), ...extras], missing: [] };
  } else if (onnx) model = { kind: 'onnx', main: onnx, parts: [onnx, ...extras], missing: [] };
  else {
    const have = new Set(files.map((f) => base(f.name)));
    const best = bestModel(models, have);
    if (best) {
      const mine = new Set(best.paths);
      const shards = files.filter((f, i) => roles[i] === 'weights' && mine.has(base(f.name)));
      model = { kind: 'tfjs', main: best.file, parts: [best.file, ...shards, ...extras], missing: [...mine].filter((p) => !have.has(p)) };
    }
  }
  return { roles, model, sidecar, labels, images: where('image') };
}

/** The labels for a model of `numClasses` classes: JSON labels of that length, else text labels of that length, else null. */
export function labelsFor<F>(labels: readonly LabelsFound<F>[], numClasses: number): LabelsFound<F> | null {
  return labels.find((l) => l.names.length === numClasses) ?? null;
}

// Optional files next to model.json: `saliency-studio.json` (preprocessing,
// labels, default layer) and plain labels files (.txt one per line, .json array).
// Both are model files, so untrusted: read bounded from inside the model's
// folder, fields type-checked, errors never quoting their text. Among uploads
// they are found by shared/model-files.ts (labels by their shape).
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelExpects } from '../api/dicom-types';
import type { PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';
import { readRegularText, resolveInside } from '../core/safe-read';
import { type ClassifiedFiles, jsonLabelNames, LABELS_NAME, labelsFor, SIDECAR_NAME, textLabelNames } from '../shared/model-files';
import { parseJsonQuietly, quote, realPathOf } from './files';
import { expectsProblem } from './distribution';
import { HEAD_KINDS, type HeadKind } from './head';

export interface Sidecar {
  name?: string;
  /** Checked by the loader (checkPreprocess), which names this file. */
  preprocess?: Partial<PreprocessSpec>;
  labels?: string[];
  labelsFile?: string;
  defaultLayer?: string;
  outputIndex?: number;
  /** What the output means when the model does not end in an activation: softmax or sigmoid (multi-label). */
  head?: HeadKind;
  /** A segmentation model's class score: its logit summed over its predicted mask (default) or over the whole image. */
  segmentationRegion?: 'predicted' | 'all';
  /** What the model was trained on (DICOM codes, input statistics): the out-of-distribution check (model/distribution.ts). */
  expects?: ModelExpects;
}

export { SIDECAR_NAME };
/** saliency-studio.json and labels files: 21k ImageNet class names fit in well under 1 MiB. */
export const MAX_SIDE_FILE_BYTES = 4 * 1024 * 1024;

export function parseLabels(name: string, text: string): string[] {
  if (name.toLowerCase().endsWith('.json')) {
    const v = parseJsonQuietly(name, text, 'bad-labels');
    // The shapes uploads are recognised by; an object of other keys to names is read in its order, as it always was.
    const values = v && typeof v === 'object' ? Object.values(v as object) : null;
    const names = jsonLabelNames(v) ?? (values?.length && values.every((s) => typeof s === 'string') ? (values as string[]) : null);
    if (!names) throw new StudioError('bad-labels', `${name}: labels must be a JSON array of strings`);
    return names;
  }
  // Teachable Machine writes "0 Normal", "1 Covid19", …: a leading index equal to the line's own is not part of the name.
  return textLabelNames(text);
}

const isStr = (v: unknown): boolean => typeof v === 'string';
// Fields this app reads; others (description, trainedBy, …) are the author's and ignored.
const FIELDS: { [K in keyof Sidecar]-?: [(v: unknown) => boolean, string] } = {
  name: [isStr, 'a string'],
  preprocess: [(v) => v === null || (typeof v === 'object' && !Array.isArray(v)), 'an object'],
  labels: [(v) => Array.isArray(v) && v.every(isStr), 'a list of strings'],
  labelsFile: [(v) => isStr(v) && (v as string).length > 0, 'a file name'],
  defaultLayer: [isStr, 'a layer name'],
  outputIndex: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative integer'],
  segmentationRegion: [(v) => v === 'predicted' || v === 'all', '"predicted" or "all"'],
  expects: [(v) => expectsProblem(v) === null, 'an object: modality/bodyPart/viewPosition lists of DICOM code strings, inputMean/inputStd {"mean", "sd" > 0}'],
  head: [(v) => (HEAD_KINDS as readonly unknown[]).includes(v), `one of ${HEAD_KINDS.map((h) => `"${h}"`).join(', ')}`],
};

export function parseSidecar(name: string, text: string): Sidecar {
  const v = parseJsonQuietly(name, text, 'bad-sidecar') as Record<string, unknown>;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new StudioError('bad-sidecar', `${name}: must be a JSON object`);
  for (const [k, [ok, what]] of Object.entries(FIELDS)) {
    if (v[k] !== undefined && !ok(v[k])) throw new StudioError('bad-sidecar', `${name}: "${k}" must be ${what}`);
  }
  // null preprocess reads as "none given", as it did before it was checked.
  if (v.preprocess === null) delete v.preprocess;
  return v as Sidecar;
}

/** Reads the sidecar and a labels file from the model's folder, when present. */
export async function readSidecarFromDisk(modelPath: string): Promise<Sidecar> {
  const dir = dirname(await realPathOf(modelPath));
  let sidecar: Sidecar = {};
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.includes(SIDECAR_NAME)) {
    // A dangling symlink (resolves to null) reads as no sidecar; one out of the folder throws.
    const label = join(dir, SIDECAR_NAME);
    const real = await resolveInside(dir, SIDECAR_NAME, label);
    if (real) sidecar = parseSidecar(label, await readRegularText(real, { maxBytes: MAX_SIDE_FILE_BYTES, label }));
  }
  if (!sidecar.labels) {
    const named = sidecar.labelsFile;
    const file = named ?? entries.find((e) => LABELS_NAME.test(e));
    if (file) {
      const label = named ? `${join(dir, SIDECAR_NAME)}: labelsFile ${quote(named)}` : join(dir, file);
      const real = await resolveInside(dir, file, label);
      // Only a file the sidecar names must exist; a dangling auto-detected one is skipped.
      if (!real && named) throw new StudioError('not-found', `${label}: no such file in the model's folder`);
      if (real) sidecar.labels = parseLabels(named ? file : label, await readRegularText(real, { maxBytes: MAX_SIDE_FILE_BYTES, label }));
    }
  }
  return sidecar;
}

type Upload = { name: string; bytes: Uint8Array };

function uploadText(f: Upload): string {
  if (f.bytes.byteLength > MAX_SIDE_FILE_BYTES)
    throw new StudioError('too-large', `${f.name}: ${f.bytes.byteLength} bytes, above the ${MAX_SIDE_FILE_BYTES}-byte limit`);
  return new TextDecoder().decode(f.bytes);
}

/** The uploaded saliency-studio.json, if any, with the labels it lists or names (the labels file it names must be among the uploads). */
export function sidecarFromUploads(found: ClassifiedFiles<Upload>, all: readonly Upload[]): Sidecar {
  if (!found.sidecar) return {};
  const sidecar = parseSidecar(found.sidecar.name, uploadText(found.sidecar));
  const named = sidecar.labelsFile;
  if (sidecar.labels || !named) return sidecar;
  const want = named.split(/[\\/]/).pop();
  const f = all.find((u) => u.name.split(/[\\/]/).pop() === want);
  if (!f) throw new StudioError('not-found', `${found.sidecar.name}: labelsFile ${quote(named)} is not among the files given`);
  return { ...sidecar, labels: parseLabels(f.name, uploadText(f)) };
}

/**
 * The labels for a model of `numClasses` classes among uploads, where the
 * sidecar gives none: a labels-shaped file of that length
 * (shared/model-files.ts). One of another length is kept only where it is
 * plainly meant as labels (JSON, or a labels file's name), so that
 * describe() says it was ignored; a README is not.
 */
export function withUploadLabels(sidecar: Sidecar, found: ClassifiedFiles<Upload>, numClasses: number): Sidecar {
  if (sidecar.labels) return sidecar;
  const fit = labelsFor(found.labels, numClasses);
  const meant = found.labels.find((l) => l.from === 'json' || LABELS_NAME.test(l.file.name.split(/[\\/]/).pop() ?? ''));
  const chosen = fit ?? meant;
  return chosen ? { ...sidecar, labels: chosen.names } : sidecar;
}

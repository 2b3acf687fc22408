// Optional files next to model.json: `saliency-studio.json` (preprocessing,
// labels, default layer) and plain labels files (.txt one per line, .json array).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';

export interface Sidecar {
  name?: string;
  preprocess?: Partial<PreprocessSpec>;
  labels?: string[];
  labelsFile?: string;
  defaultLayer?: string;
  outputIndex?: number;
}

export const SIDECAR_NAME = 'saliency-studio.json';
const LABEL_FILE = /^(labels?|class(es|_names|names)?|.*_classes.*)\.(txt|json)$/i;

export function parseLabels(name: string, text: string): string[] {
  if (name.toLowerCase().endsWith('.json')) {
    const v: unknown = JSON.parse(text);
    const arr = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v as object) : null;
    if (!arr || !arr.every((s) => typeof s === 'string')) throw new StudioError('bad-labels', `${name}: labels must be a JSON array of strings`);
    return arr as string[];
  }
  return text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseSidecar(name: string, text: string): Sidecar {
  try {
    const v = JSON.parse(text) as Sidecar;
    if (!v || typeof v !== 'object') throw new Error('not an object');
    return v;
  } catch (e) {
    throw new StudioError('bad-sidecar', `${name}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Reads the sidecar and a labels file from the model's folder, when present. */
export async function readSidecarFromDisk(modelPath: string): Promise<Sidecar> {
  const dir = dirname(modelPath);
  let sidecar: Sidecar = {};
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.includes(SIDECAR_NAME)) {
    sidecar = parseSidecar(join(dir, SIDECAR_NAME), await readFile(join(dir, SIDECAR_NAME), 'utf8'));
  }
  if (!sidecar.labels) {
    const file = sidecar.labelsFile ?? entries.find((e) => LABEL_FILE.test(e));
    if (file) sidecar.labels = parseLabels(file, await readFile(join(dir, file), 'utf8'));
  }
  return sidecar;
}

export function sidecarFromUploads(files: { name: string; bytes: Uint8Array }[]): Sidecar {
  const dec = new TextDecoder();
  const side = files.find((f) => f.name.endsWith(SIDECAR_NAME));
  const sidecar = side ? parseSidecar(side.name, dec.decode(side.bytes)) : {};
  if (!sidecar.labels) {
    const lab = files.find((f) => LABEL_FILE.test(f.name.split(/[\\/]/).pop() ?? ''));
    if (lab) sidecar.labels = parseLabels(lab.name, dec.decode(lab.bytes));
  }
  return sidecar;
}

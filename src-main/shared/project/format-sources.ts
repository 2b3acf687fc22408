// Project file pieces: models and images by path, or embedded uploads under a cap (see format.ts).
import type { PreprocessSpec, UploadedFile } from '../../api/types';
import type { ProjectImage, ProjectModel } from '../../api/project-types';
import { checkPreprocess } from '../../api/preprocess-spec';
import { arr, bad, obj, str, type Obj } from './validate';
import { MIB, packBytes, u8 } from './format-values';

/** Uploaded model and image bytes a project may embed, in total. */
export const MAX_EMBEDDED_BYTES = 64 * 1024 * 1024;

// ---- sources: paths or embedded uploads ----------------------------------

export function packFile(f: UploadedFile): Obj {
  return { name: f.name, bytes: packBytes(f.bytes) };
}

function file(v: unknown, field: string): UploadedFile {
  const o = obj(v, field);
  return { name: str(o.name, `${field}.name`, 1024), bytes: u8(o.bytes, `${field}.bytes`) };
}

export function model(v: unknown, field: string): ProjectModel {
  const o = obj(v, field);
  const m: ProjectModel = { name: str(o.name, `${field}.name`, 1024) };
  if (o.path != null) m.path = str(o.path, `${field}.path`);
  if (o.files != null) m.files = arr(o.files, `${field}.files`, 1000).map((f, i) => file(f, `${field}.files[${i}]`));
  if (!m.path && !m.files?.length) bad(`${field}.path`, 'is missing: a model needs its path or its embedded files');
  if (o.preprocess != null) {
    // The check every openModel request passes (api/preprocess-spec.ts): one list of fields, one set of rules.
    const problem = checkPreprocess(obj(o.preprocess, `${field}.preprocess`));
    if (problem) bad(`${field}.preprocess`, problem);
    m.preprocess = structuredClone(o.preprocess) as Partial<PreprocessSpec>;
  }
  return m;
}

export function image(v: unknown, field: string): ProjectImage {
  const o = obj(v, field);
  const im: ProjectImage = { name: str(o.name, `${field}.name`, 1024) };
  if (o.path != null) im.path = str(o.path, `${field}.path`);
  if (o.file != null) im.file = file(o.file, `${field}.file`);
  if (!im.path && !im.file) bad(`${field}.path`, 'is missing: an image needs its path or its embedded file');
  return im;
}

/** Refuses more embedded bytes than MAX_EMBEDDED_BYTES, naming the largest. */
export function checkEmbedded(models: ProjectModel[], images: ProjectImage[]): void {
  const parts = [
    ...models.map((m, i) => ({ field: `models[${i}].files`, name: m.name, bytes: m.path ? 0 : (m.files ?? []).reduce((a, f) => a + f.bytes.length, 0) })),
    ...images.map((im, i) => ({ field: `images[${i}].file`, name: im.name, bytes: im.path ? 0 : (im.file?.bytes.length ?? 0) })),
  ];
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  if (total <= MAX_EMBEDDED_BYTES) return;
  const big = parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));
  bad(
    big.field,
    `the uploaded files come to ${MIB(total)} (${big.name}: ${MIB(big.bytes)}); a project embeds at most ${MIB(MAX_EMBEDDED_BYTES)} — open large models and images from a path (the desktop app) so the project refers to them instead`,
  );
}

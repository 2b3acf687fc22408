// The project file (.ssproj): versioned JSON. Typed arrays (maps, native
// grids, masks, embedded uploads) are stored as {dtype, b64} of their raw
// little-endian bytes, so a Float32Array map comes back bit-exact. Decoding
// is strict — every shape against its array length, every enum, every number
// finite — and fails with one error naming the field. The pieces live in
// format-values.ts, format-sources.ts and format-views.ts.
import type { ProjectResult, ProjectSnapshot } from '../../api/project-types';
import { arr, bad, jsonSyntaxProblem, num, obj, oneOf, show, str, type Obj } from './validate';
import { packBytes, packResult } from './format-values';
import { packFile, model, image, checkEmbedded, MAX_EMBEDDED_BYTES } from './format-sources';
import { single, compare, mask, experiments } from './format-views';

export { MAX_EMBEDDED_BYTES };

export const PROJECT_FORMAT = 'saliency-studio-project';
export const PROJECT_VERSION = 1;
export const PROJECT_EXT = '.ssproj';
/** Kept equal to package.json's version (a test checks). */
export const APP_VERSION = '0.1.0';

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
    models: p.models.map((m) => ({
      name: m.name,
      ...(m.path ? { path: m.path } : { files: (m.files ?? []).map(packFile) }),
      ...(m.preprocess ? { preprocess: m.preprocess } : {}),
    })),
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
  if (o.format !== PROJECT_FORMAT) bad('format', `is ${show(o.format)}, not "${PROJECT_FORMAT}": not a Saliency Studio project`);
  const version = num(o.version, 'version', { int: true });
  if (version !== PROJECT_VERSION)
    bad(
      'version',
      `is ${version}; this app reads version ${PROJECT_VERSION}${version > PROJECT_VERSION ? ' (the project was saved by a newer Saliency Studio)' : ''}`,
    );
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
    // Never the parser's own message: in Node 20 it quotes the text.
    bad('file', `is not JSON (${jsonSyntaxProblem(e, text)})`);
  }
  return decodeProject(doc);
}

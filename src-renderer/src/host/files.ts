// Files a user picked or dropped, sorted into "a model" and "an image" by
// their content (src-main/shared/model-files.ts, which the engine uses too),
// and dropped folders walked into their files.
import type { UploadedFile } from '../../../src-main/api/types';
import { classifyModelFiles, type FileSample, SAMPLE_BYTES, wantsWholeFile } from '../../../src-main/shared/model-files';

export interface RoutedFiles {
  /** What to open as the model, the file it opens by first; empty when none of the files is a model. */
  model: File[];
  /** The first file that decodes as an image (raster or DICOM, any name), or null. */
  image: File | null;
}

type Sampled = FileSample & { file: File };

const bytesOf = async (blob: Blob): Promise<Uint8Array> => new Uint8Array(await blob.arrayBuffer());

/** The first bytes of a file, or all of it where it is text (a model.json, a labels file): what the classifier needs. */
async function sample(file: File): Promise<Sampled> {
  const head = await bytesOf(file.slice(0, SAMPLE_BYTES));
  const bytes = wantsWholeFile(head, file.size) ? await bytesOf(file) : head;
  return { name: file.name, size: file.size, bytes, file };
}

export async function routeFiles(files: readonly File[]): Promise<RoutedFiles> {
  const c = classifyModelFiles(await Promise.all(files.map(sample)));
  const image = c.images[0]?.file ?? null;
  if (c.model) return { model: c.model.parts.map((s) => s.file), image };
  // A model.json that is no model by content still goes to the engine, which says what is wrong with it;
  // so does a pick with nothing recognised at all ("no model among the files").
  const meant = files.some((f) => f.name === 'model.json') || !image;
  return { model: meant ? files.filter((_, i) => c.roles[i] !== 'image') : [], image };
}

/** Folders deeper than this in a drop are not walked (a drop of a home folder is not a model). */
const MAX_DEPTH = 4;
/** Files taken from a dropped folder, at most. */
const MAX_FOLDER_FILES = 2000;

const entryFile = (e: FileSystemFileEntry): Promise<File> => new Promise((ok, fail) => e.file(ok, fail));

async function walk(entry: FileSystemEntry, out: File[], depth: number): Promise<void> {
  if (out.length >= MAX_FOLDER_FILES || entry.name.startsWith('.')) return;
  if (entry.isFile) {
    out.push(await entryFile(entry as FileSystemFileEntry));
    return;
  }
  if (!entry.isDirectory || depth >= MAX_DEPTH) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries gives a folder in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return;
    for (const e of batch) await walk(e, out, depth + 1);
  }
}

/**
 * The files of a drop, a dropped folder's files included. Call it inside the
 * drop handler: the entries are taken before its first await, while the
 * DataTransfer still holds them.
 */
export async function filesFromDrop(dt: DataTransfer | null): Promise<File[]> {
  if (!dt) return [];
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => i.webkitGetAsEntry?.() ?? null);
  const plain = Array.from(dt.files);
  if (!entries.some((e) => e?.isDirectory)) return plain;
  const out: File[] = [];
  for (const [i, e] of entries.entries()) {
    if (e) await walk(e, out, 0);
    else if (plain[i]) out.push(plain[i]);
  }
  return out;
}

export async function readUpload(file: File): Promise<UploadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

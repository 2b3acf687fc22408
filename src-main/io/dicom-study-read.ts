// The headers of many DICOM files, for the study list: a folder walked (never
// out of it: symlinks are not followed, and every file is checked to lie
// inside the folder's real path) or uploaded file heads. Only the bytes before
// the Pixel Data are parsed, and every count and read is bounded.
import { constants } from 'node:fs';
import { open, opendir, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import type { DicomStudiesRequest, DicomStudiesResult } from '../api/dicom-types';
import { StudioError } from '../api/errors';
import { isWithin } from '../core/safe-read';
import { groupStudies, readStudyFields, type StudyEntry } from './dicom-study';

/** Files listed at most; a folder with more is listed in part, and the result says so. */
export const STUDY_FILE_LIMIT = 2000;
/** Bytes read of each file: a header (without pixel data) fits; one that does not is skipped, named. */
export const STUDY_HEAD_BYTES = 1024 * 1024;
/** Folder depth walked below the chosen folder (a PACS export nests patient/study/series). */
export const STUDY_MAX_DEPTH = 4;

type Head = { name: string; path?: string; fileIndex?: number; bytes: Uint8Array };

export async function readStudies(req: DicomStudiesRequest): Promise<DicomStudiesResult> {
  let heads: Head[];
  let truncated = false;
  if (req.files) {
    truncated = req.files.length > STUDY_FILE_LIMIT;
    heads = req.files.slice(0, STUDY_FILE_LIMIT).map((f, i) => ({ name: f.name, fileIndex: i, bytes: f.bytes.subarray(0, STUDY_HEAD_BYTES) }));
  } else if (req.folder) {
    const walked = await walkFolder(req.folder);
    truncated = walked.truncated;
    heads = walked.heads;
  } else {
    throw new StudioError('bad-request', 'dicomStudies needs "folder" or "files"');
  }
  const entries: StudyEntry[] = [];
  const skipped: DicomStudiesResult['skipped'] = [];
  for (const h of heads) {
    const parsed = parseHead(h.bytes);
    if (typeof parsed === 'string') skipped.push({ name: h.name, reason: parsed });
    else
      entries.push({
        name: h.name,
        ...(h.path ? { path: h.path } : {}),
        ...(h.fileIndex !== undefined ? { fileIndex: h.fileIndex } : {}),
        fields: readStudyFields(parsed),
      });
  }
  return { studies: groupStudies(entries), skipped, truncated };
}

/** The data set up to the Pixel Data, or why not (never quoting the file). */
export function parseHead(bytes: Uint8Array): DataSet | string {
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return 'not a DICOM Part 10 file (no DICM marker at byte 128)';
  try {
    return dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch (e) {
    // A head cut inside a later element still holds the study fields read before it.
    const partial = e && typeof e === 'object' && 'dataSet' in e ? (e as { dataSet?: DataSet }).dataSet : undefined;
    if (partial?.elements?.x0020000d) return partial;
    if (/deflate/i.test(String((e as Error)?.message))) return 'deflated transfer syntax: open the file to read its header';
    return 'the DICOM header cannot be parsed';
  }
}

async function walkFolder(folder: string): Promise<{ heads: Head[]; truncated: boolean }> {
  let root: string;
  try {
    root = await realpath(folder);
  } catch {
    throw new StudioError('not-found', `${folder}: no such folder`);
  }
  const heads: Head[] = [];
  let truncated = false;
  const visit = async (dir: string, depth: number): Promise<void> => {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (e) {
      if (dir === root) throw new StudioError('not-a-file', `${folder}: not a folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    const names: { name: string; dir: boolean; file: boolean }[] = [];
    for await (const d of handle) {
      // Symlinks are neither: a link out of the folder is never followed.
      if (!d.name.startsWith('.')) names.push({ name: d.name, dir: d.isDirectory(), file: d.isFile() });
    }
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const n of names) {
      if (heads.length >= STUDY_FILE_LIMIT) return void (truncated = true);
      const p = join(dir, n.name);
      if (n.dir && depth < STUDY_MAX_DEPTH) await visit(p, depth + 1);
      else if (n.file && isWithin(root, p)) {
        const bytes = await readHead(p);
        if (bytes) heads.push({ name: relative(root, p), path: p, bytes });
      }
    }
  };
  await visit(root, 0);
  return { heads, truncated };
}

/** The first STUDY_HEAD_BYTES of a regular file (checked on its descriptor), or null. */
async function readHead(path: string): Promise<Uint8Array | null> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return null;
    const buf = Buffer.alloc(Math.min(st.size, STUDY_HEAD_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await fh.close();
  }
}

// What turns a project snapshot into a file and back: encode + validate + atomic
// write, and bounded read + parse + validate (keeping a copy of a corrupt file).
// A project may hold hundreds of megabytes, which take seconds to encode, so
// the store runs these in a worker thread (codec-worker.ts, reached through
// codec-client.ts); `inlineCodec` runs the same functions on the calling thread.
// Errors are StudioErrors whose messages never quote the file's content.
import { basename } from 'node:path';
import { writeFile } from 'atomically';
import { StudioError } from '../api/errors';
import type { ProjectSnapshot } from '../api/project-types';
import { keepCorruptCopy, PRIVATE_FILE_MODE } from '../core/json-file';
import { readRegularFile } from '../core/safe-read';
import { parseProject, projectText, type DecodedProject, type ProjectFileMeta } from '../shared/project/format';
import { ProjectFormatError } from '../shared/project/validate';

/**
 * Larger files are refused before reading. A project embeds its images, so it
 * may be big, but it is decoded as one JS string and V8 caps strings near
 * 2^29 characters (512 MiB): a larger file could never open anyway.
 */
export const MAX_PROJECT_BYTES = 512 * 1024 * 1024;

export interface SaveJob {
  path: string;
  project: ProjectSnapshot;
  meta: ProjectFileMeta;
}

export interface ReadJob {
  path: string;
  /** Our own autosave slot is moved aside when corrupt; a user's file is copied. */
  moveAside: boolean;
  /** ISO time that names a corrupt copy (the store's clock, read on the calling thread). */
  now: string;
}

export interface ParseJob {
  /** The uploaded file's name, for messages. */
  name: string;
  bytes: Uint8Array;
}

/** The three jobs, wherever they run; none changes the arrays of the job it is given. */
export interface ProjectCodec {
  save(job: SaveJob): Promise<{ bytes: number }>;
  read(job: ReadJob): Promise<DecodedProject>;
  parse(job: ParseJob): Promise<DecodedProject>;
  close(): Promise<void>;
}

export const tooLarge = (name: string, size: number): StudioError =>
  new StudioError('too-large', `${name}: ${(size / 2 ** 20).toFixed(0)} MiB, more than a project may hold (${MAX_PROJECT_BYTES / 2 ** 20} MiB)`);

// An explicit mode also tightens a file an older version wrote 0644 (atomically otherwise keeps the old mode).
const atomicWrite = (path: string, text: string): Promise<void> => writeFile(path, text, { encoding: 'utf8', fsync: true, mode: PRIVATE_FILE_MODE });

function text(project: ProjectSnapshot, meta: ProjectFileMeta): string {
  try {
    return projectText(project, meta);
  } catch (e) {
    if (e instanceof ProjectFormatError)
      throw new StudioError(/embeds at most/.test(e.message) ? 'too-large' : 'bad-project', `cannot save the project: ${e.message}`);
    throw e;
  }
}

/** Encodes (decoding it back once, so what is written always reads back) and writes atomically. */
export async function saveProjectFile(job: SaveJob): Promise<{ bytes: number }> {
  const t = text(job.project, job.meta);
  await atomicWrite(job.path, t);
  return { bytes: Buffer.byteLength(t) };
}

/**
 * Reads and decodes one project file. One that does not parse or validate is
 * reported (code corrupt-project) and a copy of it is kept beside it
 * (`<name>.corrupt-<time>`, one per distinct content).
 */
export async function readProjectFile(job: ReadJob): Promise<DecodedProject> {
  const name = basename(job.path);
  // Bytes, not text: the corrupt copy is compared byte for byte.
  const bytes = await readRegularFile(job.path, { maxBytes: MAX_PROJECT_BYTES, label: name }).catch((e: unknown) => {
    throw e instanceof StudioError && e.code === 'too-large' ? tooLarge(name, MAX_PROJECT_BYTES + 1) : e;
  });
  try {
    return parseProject(bytes.toString('utf8'));
  } catch (e) {
    if (!(e instanceof ProjectFormatError)) throw e;
    const backup = await keepCorruptCopy(job.path, bytes, new Date(job.now), job.moveAside ? 'move' : 'copy');
    const kept = job.moveAside ? `it was moved to ${backup}` : `the file was left as it is, and a copy kept as ${backup}`;
    throw new StudioError('corrupt-project', `${name} cannot be opened: ${e.message}; ${kept}`);
  }
}

/** Decodes an uploaded project: a copy already, so nothing is kept when it is corrupt. */
export async function parseProjectFile(job: ParseJob): Promise<DecodedProject> {
  if (job.bytes.length > MAX_PROJECT_BYTES) throw new StudioError('too-large', `${job.name}: more than a project may hold`);
  try {
    return parseProject(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('utf8'));
  } catch (e) {
    if (!(e instanceof ProjectFormatError)) throw e;
    throw new StudioError('corrupt-project', `${job.name} cannot be opened: ${e.message}; your file was not changed`);
  }
}

/** The codec on the calling thread (tests that fake the file system in-process; the worker's own loop). */
export function inlineCodec(): ProjectCodec {
  return { save: saveProjectFile, read: readProjectFile, parse: parseProjectFile, close: async () => undefined };
}

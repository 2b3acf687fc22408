// User data on disk (projects, experiment logs, settings): written atomically
// (a temporary file, fsync, then rename — `atomically`, the library
// electron-store itself writes with), so a crash mid-write leaves the previous
// file whole. A file that exists but does not parse or validate is never
// overwritten silently: it is moved aside to `<name>.corrupt-<time>` and the
// caller learns where, to tell the user.
import { readFile, rename } from 'node:fs/promises';
import { renameSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { writeFile, writeFileSync } from 'atomically';
import { StudioError } from '../api/errors';

export type Validate<T> = (v: unknown) => T;

export async function saveJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 1)}\n`, { encoding: 'utf8', fsync: true });
}

export function saveJsonSync(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`, { encoding: 'utf8', fsync: true });
}

const backupName = (path: string, now: Date): string => `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;

export interface Loaded<T> {
  /** null when the file is absent or was corrupt. */
  value: T | null;
  /** Where a corrupt file was moved, and why it was refused. */
  corrupt?: { backup: string; reason: string };
}

function parse<T>(text: string, validate: Validate<T>): T {
  return validate(JSON.parse(text));
}

type Read = { text: string } | { absent: true };

function readError(path: string, e: unknown): Read {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { absent: true };
  throw new StudioError('read-failed', `${basename(path)}: cannot read (${(e as Error).message.split('\n')[0]})`);
}

/** Parses what was read; a file that does not parse or validate is moved aside by `moveAside`. */
function settle<T>(path: string, read: Read, validate: Validate<T>, now: Date, moveAside: (from: string, to: string) => void): Loaded<T> {
  if ('absent' in read) return { value: null };
  try {
    return { value: parse(read.text, validate) };
  } catch (e) {
    const backup = backupName(path, now);
    moveAside(path, backup);
    return { value: null, corrupt: { backup, reason: (e as Error).message.split('\n')[0] } };
  }
}

/** Reads and validates a JSON file; a corrupt one is moved aside, never lost. */
export async function loadJson<T>(path: string, validate: Validate<T>, now = new Date()): Promise<Loaded<T>> {
  const read = await readFile(path, 'utf8').then((text): Read => ({ text }), (e: unknown) => readError(path, e));
  let pending: Promise<void> = Promise.resolve();
  const out = settle(path, read, validate, now, (from, to) => void (pending = rename(from, to)));
  await pending;
  return out;
}

/** loadJson for start-up code that runs before anything async (settings). */
export function loadJsonSync<T>(path: string, validate: Validate<T>, now = new Date()): Loaded<T> {
  let read: Read;
  try {
    read = { text: readFileSync(path, 'utf8') };
  } catch (e) {
    read = readError(path, e);
  }
  return settle(path, read, validate, now, renameSync);
}

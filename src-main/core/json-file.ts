// User data on disk (projects, experiment logs, settings): written atomically
// (a temporary file, fsync, then rename — `atomically`, the library
// electron-store itself writes with), so a crash mid-write leaves the previous
// file whole. A file that exists but does not parse or validate is never
// overwritten silently: it is moved aside to `<name>.corrupt-<time>` (once per
// distinct content) and the caller learns where, to tell the user.
//
// These files hold patients' images and what was done with them: written
// owner-only, read bounded and regular-file-only, never through a symlink
// (atomically resolves links and would write to the target), and errors
// never quote their content.
import { chmodSync, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { chmod, lstat, readdir, rename, unlink, writeFile as fsWriteFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFile } from 'atomically';
import { StudioError } from '../api/errors';
import { jsonSyntaxProblem } from '../shared/json-problem';
import { readRegularFile } from './safe-read';

export type Validate<T> = (v: unknown) => T;

/** Owner-only: the data folder holds patients' images. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
/** Default read bound, for small config-like files (recent list, settings). */
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

export interface JsonFileOptions {
  /** Larger files are treated as corrupt (moved aside) without being read. */
  maxBytes?: number;
  /** Allow the file itself to be a symlink (settings a user may link from elsewhere); default: refuse. */
  followSymlink?: boolean;
}

const nameOf = (path: string): string => basename(path);
const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

function symlinkError(path: string): StudioError {
  return new StudioError('symlink-refused', `${nameOf(path)}: is a symbolic link; Saliency Studio neither reads nor writes its data files through links`);
}

/** Throws symlink-refused when `path` is a symlink; an absent path passes. */
export async function assertNotSymlink(path: string): Promise<void> {
  const s = await lstat(path).catch((e: unknown) => {
    if (codeOf(e) === 'ENOENT') return null;
    throw new StudioError('read-failed', `${nameOf(path)}: cannot check (${codeOf(e) ?? 'error'})`);
  });
  if (s?.isSymbolicLink()) throw symlinkError(path);
}

const text = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;
const writeOpts = { encoding: 'utf8', fsync: true, mode: PRIVATE_FILE_MODE } as const;

export async function saveJson(path: string, value: unknown, opts: JsonFileOptions = {}): Promise<void> {
  if (!opts.followSymlink) await assertNotSymlink(path);
  await writeFile(path, text(value), writeOpts);
}

export { jsonSyntaxProblem };

const stamp = (now: Date): string => now.toISOString().replace(/[:.]/g, '-');
const backupName = (path: string, now: Date, n: number): string => `${path}.corrupt-${stamp(now)}${n ? `-${n}` : ''}`;
const isCopyOf = (path: string, name: string): boolean => name.startsWith(`${nameOf(path)}.corrupt-`);

async function freeBackupName(path: string, now: Date): Promise<string> {
  for (let n = 0; ; n++) {
    const b = backupName(path, now, n);
    if (
      !(await lstat(b).then(
        () => true,
        () => false,
      ))
    )
      return b;
  }
}

function freeBackupNameSync(path: string, now: Date): string {
  for (let n = 0; ; n++) {
    const b = backupName(path, now, n);
    try {
      lstatSync(b);
    } catch {
      return b;
    }
  }
}

/** An existing `.corrupt-` copy of `path` (other than `except`) holding exactly `bytes`. */
async function sameCopy(path: string, bytes: Buffer, except?: string): Promise<string | null> {
  const names = (await readdir(dirname(path)).catch(() => [] as string[])).filter((n) => isCopyOf(path, n)).sort();
  for (const n of names) {
    const p = join(dirname(path), n);
    if (p === except) continue;
    const s = await lstat(p).catch(() => null);
    if (!s?.isFile() || s.size !== bytes.length) continue;
    const other = await readRegularFile(p, { maxBytes: bytes.length, exactBytes: bytes.length }).catch(() => null);
    if (other?.equals(bytes)) return p;
  }
  return null;
}

function sameCopySync(path: string, bytes: Buffer, except: string): string | null {
  let names: string[] = [];
  try {
    names = readdirSync(dirname(path))
      .filter((n) => isCopyOf(path, n))
      .sort();
  } catch {
    return null;
  }
  for (const n of names) {
    const p = join(dirname(path), n);
    if (p === except) continue;
    try {
      const s = lstatSync(p);
      if (s.isFile() && s.size === bytes.length && readRegularFileSync(p, bytes.length, false).equals(bytes)) return p;
    } catch {
      // unreadable: not a match
    }
  }
  return null;
}

/**
 * Keeps one copy of a damaged file and returns where. `move` renames our own
 * file aside; `copy` leaves the user's file in place and writes a copy beside
 * it. A copy with the same bytes that is already there is reused, so opening
 * the same damaged file again and again leaves one copy, not one per open.
 * (`move` renames first and only then drops a duplicate: a file rewritten
 * meanwhile is never deleted.)
 */
export async function keepCorruptCopy(path: string, bytes: Buffer | null, now: Date, how: 'move' | 'copy'): Promise<string> {
  if (how === 'copy') {
    if (!bytes) throw new StudioError('internal', 'keepCorruptCopy: copy needs the bytes');
    const existing = await sameCopy(path, bytes);
    if (existing) return existing;
    for (let n = 0; ; n++) {
      const b = backupName(path, now, n);
      try {
        // wx (O_EXCL): never writes through a link planted at the backup's name.
        await fsWriteFile(b, bytes, { flag: 'wx', mode: PRIVATE_FILE_MODE });
        return b;
      } catch (e) {
        if (codeOf(e) !== 'EEXIST' || n >= 99) throw e;
      }
    }
  }
  const backup = await freeBackupName(path, now);
  await rename(path, backup);
  // chmod follows links: only a regular file (a followed settings link's target is not ours).
  if ((await lstat(backup).catch(() => null))?.isFile()) await chmod(backup, PRIVATE_FILE_MODE).catch(() => undefined);
  // Compare what was moved, not what was read: the file may have been rewritten in between.
  const moved = bytes ? await readRegularFile(backup, { maxBytes: bytes.length }).catch(() => null) : null;
  const existing = moved ? await sameCopy(path, moved, backup) : null;
  if (!existing) return backup;
  await unlink(backup);
  return existing;
}

function keepCorruptCopySync(path: string, bytes: Buffer | null, now: Date): string {
  const backup = freeBackupNameSync(path, now);
  renameSync(path, backup);
  try {
    if (lstatSync(backup).isFile()) chmodSync(backup, PRIVATE_FILE_MODE);
  } catch {
    // best effort: the rename already kept the bytes
  }
  let moved: Buffer | null = null;
  try {
    moved = bytes ? readRegularFileSync(backup, bytes.length, false) : null;
  } catch {
    moved = null;
  }
  const existing = moved ? sameCopySync(path, moved, backup) : null;
  if (!existing) return backup;
  unlinkSync(backup);
  return existing;
}

export interface Loaded<T> {
  /** null when the file is absent or was corrupt. */
  value: T | null;
  /** Where a corrupt file was moved, and why it was refused. */
  corrupt?: { backup: string; reason: string };
}

type Read = { bytes: Buffer } | { absent: true } | { tooLarge: string };

function classify(e: unknown, maxBytes: number): Read {
  if (e instanceof StudioError && e.code === 'not-found') return { absent: true };
  if (e instanceof StudioError && e.code === 'too-large') return { tooLarge: `larger than the ${maxBytes}-byte limit for this file` };
  throw e;
}

/**
 * The synchronous twin of safe-read's readRegularFile (settings load before
 * anything async): O_NONBLOCK so a FIFO never blocks start-up, fstat on the
 * descriptor for regular-file and size checks, then at most that many bytes.
 */
function readRegularFileSync(path: string, maxBytes: number, follow: boolean): Buffer {
  const label = nameOf(path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (follow ? 0 : (constants.O_NOFOLLOW ?? 0)));
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOENT') throw new StudioError('not-found', `${label}: no such file`);
    if (code === 'ELOOP') throw symlinkError(path);
    if (code === 'EISDIR') throw new StudioError('not-a-file', `${label}: is a folder, not a file`);
    throw new StudioError('read-failed', `${label}: cannot open (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new StudioError('not-a-file', st.isDirectory() ? `${label}: is a folder, not a file` : `${label}: not a regular file`);
    if (st.size > maxBytes) throw new StudioError('too-large', `${label}: ${st.size} bytes, above the ${maxBytes}-byte limit`);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== st.size) throw new StudioError('read-failed', `${label}: changed while being read`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Why a file was refused, in words that never quote its content. */
function reasonOf(e: unknown, source: string): string {
  if (e instanceof SyntaxError) return `not JSON (${jsonSyntaxProblem(e, source)})`;
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}

type Settled<T> = { value: T | null } | { bad: Buffer | null; reason: string };

/** Parses what was read; `bad` when the file does not parse or validate (its bytes, or null when too large to read). */
function settle<T>(read: Read, validate: Validate<T>): Settled<T> {
  if ('absent' in read) return { value: null };
  if ('tooLarge' in read) return { bad: null, reason: read.tooLarge };
  const source = read.bytes.toString('utf8');
  try {
    return { value: validate(JSON.parse(source)) };
  } catch (e) {
    return { bad: read.bytes, reason: reasonOf(e, source) };
  }
}

/**
 * Reads and validates a JSON file; a corrupt one is moved aside, never lost.
 * Throws (StudioError) when the path is a folder, a device, a FIFO or a
 * symlink: nothing there is ours to move.
 */
export async function loadJson<T>(path: string, validate: Validate<T>, now = new Date(), opts: JsonFileOptions = {}): Promise<Loaded<T>> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  if (!opts.followSymlink) await assertNotSymlink(path);
  const read = await readRegularFile(path, { maxBytes, label: nameOf(path) }).then(
    (bytes): Read => ({ bytes }),
    (e: unknown) => classify(e, maxBytes),
  );
  const got = settle(read, validate);
  if ('value' in got) return { value: got.value };
  return { value: null, corrupt: { backup: await keepCorruptCopy(path, got.bad, now, 'move'), reason: got.reason } };
}

/** loadJson for start-up code that runs before anything async (settings). */
export function loadJsonSync<T>(path: string, validate: Validate<T>, now = new Date(), opts: JsonFileOptions = {}): Loaded<T> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  let read: Read;
  try {
    read = { bytes: readRegularFileSync(path, maxBytes, !!opts.followSymlink) };
  } catch (e) {
    read = classify(e, maxBytes);
  }
  const got = settle(read, validate);
  if ('value' in got) return { value: got.value };
  return { value: null, corrupt: { backup: keepCorruptCopySync(path, got.bad, now), reason: got.reason } };
}

/** `atomically`'s temporary names (`<file>.tmp-<10 digits><6 hex>`), for the files we write. */
const TEMP_NAME = /\.(?:ssproj|json|pending)\.tmp-\d{10}[0-9a-f]{6}$/;

/**
 * Removes `atomically` temporary files that a killed process left in `dir`:
 * only regular files (never a symlink, never followed) whose name matches the
 * library's pattern and that are older than `olderThanMs`, so a write another
 * process has under way is left alone. Returns how many were removed.
 */
export async function removeStaleTemps(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const e of entries) {
    if (!e.isFile() || !TEMP_NAME.test(e.name)) continue;
    const p = join(dir, e.name);
    const s = await lstat(p).catch(() => null);
    if (!s?.isFile() || now - s.mtimeMs < olderThanMs) continue;
    if (
      await unlink(p).then(
        () => true,
        () => false,
      )
    )
      removed++;
  }
  return removed;
}

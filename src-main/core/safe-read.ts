// Bounded, regular-file-only reads and folder containment: the one way this
// project opens a file it did not write. A path may name a FIFO, a character
// device (/dev/zero), /proc/self/fd/N or a symlink out of its folder; each is
// refused before a byte is read, and no read grows past the bound it was given.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { StudioError } from '../api/errors';

export interface BoundedRead {
  /** Refuse a file larger than this many bytes. */
  maxBytes: number;
  /** Refuse a file whose size is not exactly this (a weight shard the manifest sized). */
  exactBytes?: number;
  /** How the file is named in errors (default: the path). */
  label?: string;
}

/**
 * Opens with O_NONBLOCK so that a FIFO never parks a threadpool thread, checks
 * with fstat (on the descriptor, so nothing can be swapped in between) that it
 * is a regular file within the bound, then reads at most that many bytes.
 */
export async function readRegularFile(path: string, opts: BoundedRead): Promise<Buffer> {
  const label = opts.label ?? path;
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not-found', `${label}: no such file`);
    if (code === 'EISDIR') throw new StudioError('not-a-file', `${label}: is a folder, not a file`);
    throw new StudioError('read-failed', `${label}: cannot open (${code ?? 'error'})`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new StudioError('not-a-file', `${label}: not a regular file`);
    if (opts.exactBytes !== undefined && st.size !== opts.exactBytes) {
      throw new StudioError('wrong-size', `${label}: holds ${st.size} bytes, expected exactly ${opts.exactBytes}`);
    }
    if (st.size > opts.maxBytes) throw new StudioError('too-large', `${label}: ${st.size} bytes, above the ${opts.maxBytes}-byte limit`);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    // A file that shrank while read is short; one that grew is read only up to its stat'ed size.
    if (off !== st.size) throw new StudioError('read-failed', `${label}: changed while being read`);
    return buf;
  } finally {
    await fh.close();
  }
}

export async function readRegularText(path: string, opts: BoundedRead): Promise<string> {
  return (await readRegularFile(path, opts)).toString('utf8');
}

/**
 * The real path of `name` inside `dir`, or an error: `name` must be relative,
 * and after resolving every symlink it must still lie inside `dir`'s real path.
 * Returns null where the file does not exist (callers say what was missing).
 */
export async function resolveInside(dir: string, name: string, label = name): Promise<string | null> {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) throw new StudioError('forbidden-path', `${label}: not a file name`);
  if (isAbsolute(name) || /^[A-Za-z]:|^[\\/]/.test(name))
    throw new StudioError('outside-folder', `${label}: an absolute path; files a model names must be inside its folder`);
  const root = await realpath(dir);
  let real: string;
  try {
    real = await realpath(join(root, name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // Still refuse a missing name that climbs out, so errors never probe outside.
      if (!isWithin(root, join(root, name))) throw new StudioError('outside-folder', `${label}: resolves outside the model's folder`);
      return null;
    }
    throw new StudioError('read-failed', `${label}: cannot resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!isWithin(root, real)) throw new StudioError('outside-folder', `${label}: resolves outside the model's folder`);
  return real;
}

export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

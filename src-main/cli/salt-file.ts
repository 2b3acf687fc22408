// --salt-file: the de-identification secret (io/deidentify.ts) shared by the
// runs and shards that should remap the same studies alike. Kept outside the
// outputs: with it, anyone could test guesses of a patient's ID against the
// pseudonyms. A missing file is created once, atomically (a temporary file
// hard-linked into place), so shards that start together all read one salt.
import { randomBytes, scryptSync } from 'node:crypto';
import { link, readFile, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../api/errors';

export interface Salt {
  salt: string;
  /** A name for the salt that does not reveal it (run.json's configuration holds this, never the salt). */
  id: string;
  created: boolean;
  /** The file can be read by its group or others (mode & 0o077). */
  loose: boolean;
}

const within = (dir: string, p: string): boolean => {
  const r = relative(dir, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
};

/** A path with its symlinks resolved as far as it exists (an output folder may not exist yet). */
async function real(p: string): Promise<string> {
  const r = await realpath(p).catch(() => null);
  if (r) return r;
  const parent = dirname(p);
  return parent === p ? p : join(await real(parent), basename(p));
}

/** A slow hash (scrypt) names the salt in run.json: testing guesses of a hand-written salt against it costs ~0.1 s each. */
const saltId = (salt: string): string => scryptSync(salt, 'saliency-studio salt id', 8, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 }).toString('hex');

/** Reads the salt at `path`, creating it (0600, 32 random hex digits) where there is none; refuses a file inside `outputs`. */
export async function readSaltFile(path: string, outputs: string[]): Promise<Salt> {
  const file = await real(resolve(path));
  const dirs = await Promise.all(outputs.map((d) => real(resolve(d))));
  const inside = outputs.find((_, i) => within(dirs[i], file));
  if (inside) throw new StudioError('bad-request', `--salt-file ${path} is inside ${inside}: keep the salt apart from the outputs it de-identifies`);
  let created = false;
  let text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new StudioError('bad-input', `--salt-file ${path}: ${e.message}`);
  });
  if (text == null) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600 }).catch((e: NodeJS.ErrnoException) => {
      throw new StudioError('bad-input', `--salt-file ${path}: cannot create it in ${dirname(file)} (${e.code ?? e.message})`);
    });
    try {
      await link(tmp, file);
      created = true;
    } catch (e) {
      // Another shard linked its salt first: everyone uses that one.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StudioError('bad-input', `--salt-file ${path}: ${(e as Error).message}`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    text = await readFile(file, 'utf8');
  }
  const salt = text.trim();
  if (salt.length < 16 || salt.length > 256 || /[\r\n]/.test(salt))
    throw new StudioError('bad-input', `--salt-file ${path}: a salt is one line of 16 to 256 characters; this file holds ${salt.length}`);
  const loose = ((await stat(file)).mode & 0o077) !== 0;
  return { salt, id: saltId(salt), created, loose };
}

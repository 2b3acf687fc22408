// --salt-file: the de-identification secret (io/deidentify.ts) shared by the
// runs and shards that should remap the same studies alike. Kept outside the
// outputs: with it, anyone could test guesses of a patient's ID against the
// pseudonyms. A missing file is created once, atomically (a temporary file
// hard-linked into place), so shards that start together all read one salt.
import { createHash, randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { StudioError } from '../api/errors';

export interface Salt {
  salt: string;
  /** A name for the salt that does not reveal it (run.json's configuration holds this, never the salt). */
  id: string;
  created: boolean;
}

const within = (dir: string, p: string): boolean => {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/** Reads the salt at `path`, creating it (0600, 32 random hex digits) where there is none; refuses a file inside `outputs`. */
export async function readSaltFile(path: string, outputs: string[]): Promise<Salt> {
  const file = resolve(path);
  const inside = outputs.find((d) => within(resolve(d), file));
  if (inside) throw new StudioError('bad-request', `--salt-file ${path} is inside ${inside}: keep the salt apart from the outputs it de-identifies`);
  let created = false;
  let text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new StudioError('bad-input', `--salt-file ${path}: ${e.message}`);
  });
  if (text == null) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600 });
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
  const id = createHash('sha256').update('saliency-studio salt id\0').update(salt).digest('hex').slice(0, 16);
  return { salt, id, created };
}

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSaltFile } from './salt-file';

describe('--salt-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-salt-'));

  it('creates a missing salt once (0600, 32 hex digits); ten callers at once all read that one', async () => {
    const path = join(dir, 'salt');
    const all = await Promise.all(Array.from({ length: 10 }, () => readSaltFile(path, [join(dir, 'out')])));
    expect(all.filter((s) => s.created)).toHaveLength(1);
    expect(new Set(all.map((s) => s.salt)).size).toBe(1);
    expect(all[0].salt).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(path, 'utf8')).toBe(`${all[0].salt}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // The id names the salt without revealing it, and is the same on every read.
    expect(all[0].id).toMatch(/^[0-9a-f]{16}$/);
    expect(all[0].id).not.toContain(all[0].salt.slice(0, 8));
    expect((await readSaltFile(path, [])).id).toBe(all[0].id);
  });

  it('reads a salt the user wrote; refuses a short one and one inside the outputs', async () => {
    const path = join(dir, 'mine');
    writeFileSync(path, '  a-long-enough-secret  \n');
    expect(await readSaltFile(path, [])).toMatchObject({ salt: 'a-long-enough-secret', created: false });
    writeFileSync(path, 'short\n');
    await expect(readSaltFile(path, [])).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/16 to 256 characters; this file holds 5$/),
    });
    await expect(readSaltFile(join(dir, 'out', 'salt'), [join(dir, 'dicom'), join(dir, 'out')])).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/is inside .*out: keep the salt apart/),
    });
  });

  it('sees through a name that starts with "..", a symlinked folder and a missing output folder; names a folder it cannot create in', async () => {
    const out = join(dir, 'out2');
    mkdirSync(out);
    symlinkSync(out, join(dir, 'link'));
    for (const p of [join(out, '..salt'), join(dir, 'link', 'salt'), join(dir, 'later', 'x', 'salt')])
      await expect(readSaltFile(p, [out, join(dir, 'later')])).rejects.toMatchObject({ code: 'bad-request' });
    await expect(readSaltFile(join(dir, 'no-such-folder', 'salt'), [out])).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/^--salt-file .*no-such-folder\/salt: cannot create it in .*no-such-folder \(ENOENT\)$/),
    });
  });

  it('says when others can read the salt', async () => {
    const path = join(dir, 'loose');
    writeFileSync(path, 'a-long-enough-secret\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    expect((await readSaltFile(path, [])).loose).toBe(true);
    chmodSync(path, 0o600);
    expect((await readSaltFile(path, [])).loose).toBe(false);
  });
});

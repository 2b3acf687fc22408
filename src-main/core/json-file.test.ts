import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJson, loadJsonSync, removeStaleTemps, saveJson } from './json-file';

const obj = (v: unknown): { rows: number[] } => {
  if (!v || typeof v !== 'object' || !Array.isArray((v as { rows?: unknown }).rows)) throw new Error('no "rows" array');
  return v as { rows: number[] };
};

describe('json files', () => {
  it('round-trips, leaves no temporary file, and reports an absent file as null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-'));
    const p = join(dir, 'log.json');
    expect(await loadJson(p, obj)).toEqual({ value: null });
    await saveJson(p, { rows: [1, 2, 3] });
    await saveJson(join(dir, 'b.json'), { rows: [4] });
    expect((await loadJson(p, obj)).value).toEqual({ rows: [1, 2, 3] });
    expect(loadJsonSync(join(dir, 'b.json'), obj).value).toEqual({ rows: [4] });
    expect(readdirSync(dir).sort()).toEqual(['b.json', 'log.json']);
  });

  it('moves a corrupt or invalid file aside with its bytes intact and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-'));
    const p = join(dir, 'project.json');
    writeFileSync(p, '{"rows": [1, 2');
    const now = new Date('2026-11-23T10:20:30.456Z');
    const r = await loadJson(p, obj, now);
    expect(r.value).toBeNull();
    expect(r.corrupt?.backup).toBe(`${p}.corrupt-2026-11-23T10-20-30-456Z`);
    expect(r.corrupt?.reason).toMatch(/JSON/);
    expect(readFileSync(r.corrupt!.backup, 'utf8')).toBe('{"rows": [1, 2');
    expect(existsSync(p)).toBe(false);
    writeFileSync(p, '{"cols": []}');
    const s = loadJsonSync(p, obj, now);
    expect(s.corrupt?.reason).toBe('no "rows" array');
  });
});

describe('json files: safety', () => {
  let umask = 0;
  beforeAll(() => void (umask = process.umask(0o022)));
  afterAll(() => void process.umask(umask));
  const fresh = () => mkdtempSync(join(tmpdir(), 'json-'));
  const copies = (dir: string) => readdirSync(dir).filter((n) => n.includes('.corrupt-'));
  const fail = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return 'no error';
  };

  it('keeps one .corrupt- copy per damaged content, however often it is re-created and loaded', async () => {
    const dir = fresh();
    const p = join(dir, 'log.json');
    const backups = new Set<string>();
    for (let i = 0; i < 5; i++) {
      writeFileSync(p, '{"rows": [1, 2');
      backups.add((await loadJson(p, obj, new Date(Date.UTC(2025, 0, 1, 0, 0, i)))).corrupt!.backup);
    }
    expect(copies(dir)).toEqual(['log.json.corrupt-2025-01-01T00-00-00-000Z']);
    expect([...backups]).toEqual([`${p}.corrupt-2025-01-01T00-00-00-000Z`]);
    for (let i = 0; i < 5; i++) {
      writeFileSync(p, '{"rows": [1, 2');
      loadJsonSync(p, obj, new Date(Date.UTC(2025, 0, 2, 0, 0, i)));
    }
    expect(copies(dir)).toHaveLength(1);
    // Other damage is another copy, and a second copy at the same instant does not overwrite the first.
    writeFileSync(p, '{"cols": []}');
    const other = loadJsonSync(p, obj, new Date(Date.UTC(2025, 0, 1)));
    expect(other.corrupt?.backup).toBe(`${p}.corrupt-2025-01-01T00-00-00-000Z-1`);
    expect(copies(dir)).toHaveLength(2);
    expect(readFileSync(`${p}.corrupt-2025-01-01T00-00-00-000Z`, 'utf8')).toBe('{"rows": [1, 2');
  });

  it('never quotes the file in the reason: kind of problem and byte position only', async () => {
    const dir = fresh();
    const p = join(dir, 's.json');
    writeFileSync(p, 'hunter2 is the password');
    expect((await loadJson(p, obj)).corrupt?.reason).toBe('not JSON (syntax error)');
    writeFileSync(p, '{"é": 1 hunter2}');
    expect(loadJsonSync(p, obj).corrupt?.reason).toBe('not JSON (syntax error at byte 9)');
    writeFileSync(p, '{"rows": ');
    expect(loadJsonSync(p, obj).corrupt?.reason).toBe('not JSON (the text ends before the JSON is complete)');
  });

  it('reads at most maxBytes: a larger file is moved aside unread', async () => {
    const dir = fresh();
    const p = join(dir, 'big.json');
    writeFileSync(p, JSON.stringify({ rows: Array(100).fill(1) }));
    const r = await loadJson(p, obj, new Date(), { maxBytes: 100 });
    expect(r.value).toBeNull();
    expect(r.corrupt?.reason).toBe('larger than the 100-byte limit for this file');
    expect(existsSync(p)).toBe(false);
    expect(copies(dir)).toHaveLength(1);
  });

  it('refuses a symlink (read and write) and a folder, leaving both alone', async () => {
    const dir = fresh();
    const target = join(dir, 'target.txt');
    writeFileSync(target, '{"rows": []}');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(await loadJson(link, obj).catch((e: { code: string }) => e.code)).toBe('symlink-refused');
    expect(fail(() => loadJsonSync(link, obj))).toBe('symlink-refused');
    expect(await saveJson(link, { rows: [9] }).catch((e: { code: string }) => e.code)).toBe('symlink-refused');
    expect(readFileSync(target, 'utf8')).toBe('{"rows": []}');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    // A link is followed only when asked (settings).
    expect(loadJsonSync(link, obj, new Date(), { followSymlink: true }).value).toEqual({ rows: [] });
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    expect(await loadJson(folder, obj).catch((e: { code: string }) => e.code)).toBe('not-a-file');
    expect(fail(() => loadJsonSync(folder, obj))).toBe('not-a-file');
    expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('writes files 0600 and keeps the moved-aside copy 0600', async () => {
    const dir = fresh();
    await saveJson(join(dir, 'a.json'), { rows: [] });
    await saveJson(join(dir, 'b.json'), { rows: [] });
    writeFileSync(join(dir, 'c.json'), '{', { mode: 0o644 });
    const backup = loadJsonSync(join(dir, 'c.json'), obj).corrupt!.backup;
    expect([join(dir, 'a.json'), join(dir, 'b.json'), backup].map((f) => statSync(f).mode & 0o777)).toEqual([0o600, 0o600, 0o600]);
  });

  it('removes only stale, regular atomically temp files', async () => {
    const dir = fresh();
    const old = new Date(Date.now() - 120_000);
    for (const n of ['a.json.tmp-1735689600abcdef', 'b.ssproj.tmp-17356896000000ff', 'keep.json', 'c.json.tmp-12', 'd.txt.tmp-1735689600abcdef']) {
      writeFileSync(join(dir, n), 'x');
      utimesSync(join(dir, n), old, old);
    }
    writeFileSync(join(dir, 'young.json.tmp-1735689600abcdef'), 'x');
    expect(await removeStaleTemps(dir, 60_000)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['c.json.tmp-12', 'd.txt.tmp-1735689600abcdef', 'keep.json', 'young.json.tmp-1735689600abcdef']);
  });
});

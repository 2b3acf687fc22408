// The project store's handling of files it did not write: symlinks and
// non-files in its folders, corrupt copies (one per content, content never
// echoed), owner-only modes, orphaned temporary files, hidden characters in
// names. The real atomically: these check what lands on disk.
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile, lutimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../shared/project/fixtures';
import { projectText } from '../shared/project/format';
import { ProjectStore, safeProjectName } from './store';

let root: string;
let dir: string;
let clock: number;
const store = () => new ProjectStore({ dir, now: () => new Date(clock++ * 1000 + Date.UTC(2025, 0, 1)) });
const fail = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'resolved', message: '' }),
    (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }),
  );
const mode = async (p: string) => (await stat(p)).mode & 0o777;
const projects = () => join(dir, 'projects');
const corrupt = async (d: string) => (await readdir(d)).filter((n) => n.includes('.corrupt-')).sort();
const validText = () => projectText(sampleSnapshot(), { savedAt: '2025-01-01T00:00:00.000Z', appVersion: '0.1.0' });

// A known umask, so "created 0755" (the old behaviour) cannot pass as 0700 by accident.
let umask = 0;
beforeAll(() => void (umask = process.umask(0o022)));
afterAll(() => void process.umask(umask));
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ss-safety-'));
  dir = join(root, 'data');
  clock = 0;
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('symlinks and non-files in the store folders', () => {
  it('refuses to save over a symlink in projects/ and leaves its target as it was', async () => {
    await mkdir(projects(), { recursive: true });
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'precious');
    await symlink(victim, join(projects(), 'evil.ssproj'));
    const err = await fail(store().saveProject({ project: sampleSnapshot(), name: 'evil' }));
    expect(err.code).toBe('symlink-refused');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat(join(projects(), 'evil.ssproj'))).isSymbolicLink()).toBe(true);
  });

  it('refuses to open a symlink in projects/: no copy of its target, no content in the error', async () => {
    await mkdir(projects(), { recursive: true });
    const secret = join(root, 'secret.txt');
    await writeFile(secret, 'hunter2 is the password');
    await symlink(secret, join(projects(), 'leak.ssproj'));
    const err = await fail(store().openProject({ name: 'leak' }));
    expect(err.code).toBe('symlink-refused');
    expect(err.message).not.toContain('hunter2');
    expect(await readdir(projects())).toEqual(['leak.ssproj']);
  });

  it('refuses a projects folder that is a link to another folder', async () => {
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(dir);
    await symlink(elsewhere, projects());
    expect((await fail(store().saveProject({ project: sampleSnapshot(), name: 'p' }))).code).toBe('symlink-refused');
    await writeFile(join(elsewhere, 'q.ssproj'), validText());
    expect((await fail(store().openProject({ name: 'q' }))).code).toBe('symlink-refused');
    expect(await readdir(elsewhere)).toEqual(['q.ssproj']);
  });

  it('refuses an autosave slot that is a symlink, on write and on restore', async () => {
    await mkdir(dir);
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'precious');
    await symlink(victim, join(dir, 'autosave.ssproj'));
    expect((await fail(store().autosave({ project: sampleSnapshot() }))).code).toBe('symlink-refused');
    expect((await fail(store().restoreAutosave())).code).toBe('symlink-refused');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat(join(dir, 'autosave.ssproj'))).isSymbolicLink()).toBe(true);
  });

  it('refuses a FIFO or a folder named like a project, before reading (a FIFO would block the read)', async () => {
    await mkdir(projects(), { recursive: true });
    execFileSync('mkfifo', [join(projects(), 'pipe.ssproj')]);
    await mkdir(join(projects(), 'folder.ssproj'));
    expect((await fail(store().openProject({ name: 'pipe' }))).code).toBe('not-a-file');
    expect((await fail(store().openProject({ name: 'folder' }))).code).toBe('not-a-file');
    expect((await fail(store().saveProject({ project: sampleSnapshot(), name: 'folder' }))).code).toBe('not-a-file');
  });

  it('reports JSON errors by kind and byte position only, never quoting the file', async () => {
    await mkdir(projects(), { recursive: true });
    const s = store();
    await writeFile(join(projects(), 'a.ssproj'), 'hunter2 is the password');
    const a = await fail(s.openProject({ name: 'a' }));
    expect(a.code).toBe('corrupt-project');
    expect(a.message).not.toContain('hunter2');
    expect(a.message).toMatch(/^a\.ssproj cannot be opened: file: is not JSON \(syntax error\); /);
    // V8 reports position 8 (UTF-16 units); "é" is two bytes, so byte 9.
    await writeFile(join(projects(), 'b.ssproj'), '{"é": 1 hunter2}');
    const b = await fail(s.openProject({ name: 'b' }));
    expect(b.message).toMatch(/^b\.ssproj cannot be opened: file: is not JSON \(syntax error at byte 9\); /);
    expect(b.message).not.toContain('hunter2');
    const up = await fail(s.openProject({ file: { name: 'up.ssproj', bytes: new TextEncoder().encode('hunter2 "x"') } }));
    expect(up.message).toBe('up.ssproj cannot be opened: file: is not JSON (syntax error); your file was not changed');
  });
});

describe('corrupt copies', () => {
  it('keeps one copy of a damaged project however often it is opened (re-created identically each time)', async () => {
    await mkdir(projects(), { recursive: true });
    const s = store();
    const path = join(projects(), 'broken.ssproj');
    const backups = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await rm(path, { force: true });
      await writeFile(path, '{"format": "saliency-studio-project", "vers');
      const err = await fail(s.openProject({ name: 'broken' }));
      expect(err.code).toBe('corrupt-project');
      backups.add(/a copy kept as (.*)$/.exec(err.message)![1]);
    }
    expect(await corrupt(projects())).toEqual(['broken.ssproj.corrupt-2025-01-01T00-00-00-000Z']);
    expect([...backups]).toEqual([join(projects(), 'broken.ssproj.corrupt-2025-01-01T00-00-00-000Z')]);
    // Different damage is a different copy.
    await writeFile(path, '{"format": "saliency-studio-project", "version"');
    await fail(s.openProject({ name: 'broken' }));
    expect(await corrupt(projects())).toHaveLength(2);
  });

  it('keeps one copy of a damaged autosave moved aside five times', async () => {
    await mkdir(dir);
    const s = store();
    for (let i = 0; i < 5; i++) {
      await writeFile(s.autosaveFile, '{"format":"saliency-studio-project","version":1');
      expect((await fail(s.restoreAutosave())).code).toBe('corrupt-project');
    }
    expect(await corrupt(dir)).toHaveLength(1);
    expect(await readdir(dir)).not.toContain('autosave.ssproj');
  });

  it('writes the copy owner-only and never through a link planted at its name', async () => {
    await mkdir(projects(), { recursive: true });
    const path = join(projects(), 'x.ssproj');
    await writeFile(path, '{ broken', { mode: 0o644 });
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'precious');
    // The name the first copy would take (the store's clock starts at 2025-01-01T00:00:00Z).
    await symlink(victim, `${path}.corrupt-2025-01-01T00-00-00-000Z`);
    const err = await fail(store().openProject({ name: 'x' }));
    const backup = /a copy kept as (.*)$/.exec(err.message)![1];
    expect(backup).toBe(`${path}.corrupt-2025-01-01T00-00-00-000Z-1`);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await readFile(backup, 'utf8')).toBe('{ broken');
    expect(await mode(backup)).toBe(0o600);
  });
});

describe('permissions', () => {
  it('creates the data and projects folders 0700 and every file it writes 0600', async () => {
    const s = store();
    await s.saveProject({ project: sampleSnapshot(), name: 'p' });
    await s.autosave({ project: sampleSnapshot() });
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(projects())).toBe(0o700);
    for (const f of [join(projects(), 'p.ssproj'), s.recentFile, s.autosaveFile, s.pendingFile]) expect([f, await mode(f)]).toEqual([f, 0o600]);
  });

  it('tightens what an older version left 0755 / 0644', async () => {
    await mkdir(projects(), { recursive: true, mode: 0o755 });
    await writeFile(join(projects(), 'old.ssproj'), validText(), { mode: 0o644 });
    const s = store();
    await s.recentProjects();
    expect([await mode(dir), await mode(projects())]).toEqual([0o700, 0o700]);
    await s.saveProject({ project: sampleSnapshot(), name: 'old' });
    expect(await mode(join(projects(), 'old.ssproj'))).toBe(0o600);
  });
});

describe('orphaned temporary files', () => {
  it('removes stale atomically temp files at start, keeping recent ones, other files and symlinks', async () => {
    await mkdir(projects(), { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000);
    const outside = join(root, 'outside.ssproj.tmp-1735689600abcdef');
    await writeFile(outside, 'not ours');
    const stale = [
      join(projects(), 'p.ssproj.tmp-1735689600a1b2c3'),
      join(dir, 'recent-projects.json.tmp-1735689600000000'),
      join(dir, 'autosave.ssproj.tmp-17356896001234ff'),
      join(dir, 'experiments.json.tmp-1735689600ffffff'),
    ];
    const kept = [
      join(projects(), 'p.ssproj'),
      join(projects(), 'notes.tmp-1735689600a1b2c3'),
      join(dir, 'p.ssproj.tmp-123'),
      join(projects(), 'p.ssproj.corrupt-2025-01-01T00-00-00-000Z'),
    ];
    for (const f of [...stale, ...kept]) {
      await writeFile(f, 'x');
      await utimes(f, old, old);
    }
    // A write under way (fresh), a link and a folder with temp names are left alone.
    const fresh = join(projects(), 'q.ssproj.tmp-1735689600bbbbbb');
    await writeFile(fresh, 'x');
    const link = join(projects(), 'l.ssproj.tmp-1735689600cccccc');
    await symlink(outside, link);
    await lutimes(link, old, old);
    await utimes(outside, old, old);
    await mkdir(join(dir, 'd.json.tmp-1735689600dddddd'));
    await utimes(join(dir, 'd.json.tmp-1735689600dddddd'), old, old);

    await store().recentProjects();
    const left = [...(await readdir(dir)).map((n) => join(dir, n)), ...(await readdir(projects())).map((n) => join(projects(), n))];
    for (const f of stale) expect(left).not.toContain(f);
    for (const f of [...kept, fresh, link, join(dir, 'd.json.tmp-1735689600dddddd')]) expect(left).toContain(f);
    expect(left).toHaveLength(kept.length + 4); // + fresh, link, folder, and projects/ itself
    expect(await readFile(outside, 'utf8')).toBe('not ours');
  });
});

describe('project names', () => {
  const hidden = [
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200E',
    '\u200F',
    '\u061C',
    '\u0007',
    '\u007F',
    '\u0085',
    '\u009B',
  ];

  it.each(hidden.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('refuses %s, naming it without echoing it', (cp, c) => {
    let err: { code?: string; message: string } = { message: '' };
    try {
      safeProjectName(`x${c}gpj.ssproj`);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('bad-name');
    expect(err.message).toContain(`it contains ${cp}, an invisible control or text-direction character`);
    expect(err.message).not.toContain(c);
  });

  it('saves nothing under a right-to-left-override name, and keeps real scripts and emoji', async () => {
    const s = store();
    expect((await fail(s.saveProject({ project: sampleSnapshot(), name: 'x\u202Egpj.ssproj' }))).code).toBe('bad-name');
    expect((await fail(s.openProject({ name: 'x\u202Egpj' }))).code).toBe('bad-name');
    expect(await readdir(projects()).catch(() => [])).toEqual([]);
    for (const name of ['Röntgen 胸部', 'צילום חזה', 'صورة', 'team 👩‍⚕️']) expect(safeProjectName(name)).toBe(name);
  });
});

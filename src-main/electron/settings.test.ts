// Settings logic with electron-store replaced by an in-memory map (the real
// one needs Electron's app module).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cleanRecent, MAX_RECENT, MAX_SETTINGS_BYTES, pushRecent, sanitizeBounds, sanitizeDisplay, Settings } from './settings';

const disk = vi.hoisted(() => new Map<string, unknown>());
const opened = vi.hoisted(() => [] as Record<string, unknown>[]);
vi.mock('electron-store', () => ({
  default: class {
    constructor(opts: { defaults: Record<string, unknown> }) {
      opened.push(opts);
      for (const [k, v] of Object.entries(opts.defaults)) if (!disk.has(k)) disk.set(k, v);
    }
    get(k: string) {
      return disk.get(k);
    }
    set(k: string, v: unknown) {
      disk.set(k, structuredClone(v));
    }
  },
}));

describe('settings', () => {
  it('keeps recent files most-recent-first, unique, at most 10', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = pushRecent(list, `/f${i % 12}`);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('/f2');
    expect(new Set(list).size).toBe(list.length);
    expect(cleanRecent(['/a', 3, '', '/a', null, '/b'])).toEqual(['/a', '/b']);
    expect(cleanRecent('garbage')).toEqual([]);
  });

  it('sanitises hand-edited bounds and display prefs', () => {
    expect(sanitizeBounds(null)).toEqual({ width: 1440, height: 900 });
    expect(sanitizeBounds({ x: 10.4, y: 'no', width: 100, height: 1e9, maximized: 'yes' })).toEqual({ width: 640, height: 10_000 });
    expect(sanitizeBounds({ x: -5, y: 20, width: 1000, height: 700, maximized: true })).toEqual({ x: -5, y: 20, width: 1000, height: 700, maximized: true });
    expect(sanitizeDisplay({ colormap: 'viridis', opacity: 7 })).toEqual({ colormap: 'viridis', opacity: 1 });
    expect(sanitizeDisplay({ colormap: '<script>', opacity: Number.NaN })).toEqual({});
    expect(sanitizeDisplay({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(sanitizeDisplay({ theme: 'purple' })).toEqual({});
  });

  it('persists bounds, recents per kind and merged display prefs', () => {
    const s = new Settings();
    s.saveBounds({ x: 1, y: 2, width: 800, height: 600 });
    s.addRecent('model', '/m/model.json');
    s.addRecent('image', '/i/a.png');
    s.addRecent('image', '/i/b.png');
    s.saveDisplay({ colormap: 'turbo' });
    s.saveDisplay({ opacity: 0.3, colormap: 42 });
    const again = new Settings();
    expect(again.bounds()).toEqual({ x: 1, y: 2, width: 800, height: 600 });
    expect(again.recent('model')).toEqual(['/m/model.json']);
    expect(again.recent('image')).toEqual(['/i/b.png', '/i/a.png']);
    expect(again.display()).toEqual({ colormap: 'turbo', opacity: 0.3 });
    again.clearRecent();
    expect(again.recent('image')).toEqual([]);
  });

  it('moves a damaged settings file aside and reports it, keeping its bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"window": {"width": 12');
    const s = new Settings(file);
    expect(s.recovered?.backup).toMatch(/settings\.json\.corrupt-/);
    expect(readFileSync(s.recovered!.backup, 'utf8')).toBe('{"window": {"width": 12');
    writeFileSync(file, '{"window": null}');
    expect(new Settings(file).recovered).toBeNull();
  });

  it('starts with defaults in memory when settings.json is a folder, says why, and leaves the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    mkdirSync(file);
    writeFileSync(join(file, 'inside.txt'), 'kept');
    const before = opened.length;
    const s = new Settings(file);
    expect(s.unusable).toBe('settings.json: is a folder, not a file');
    expect(s.recovered).toEqual({
      backup: file,
      reason: 'settings.json: is a folder, not a file; it was left as it is, and settings changed now are not saved',
    });
    expect(opened.length).toBe(before); // electron-store, which would throw EISDIR, was not opened
    expect(s.bounds()).toEqual({ width: 1440, height: 900 });
    s.saveBounds({ width: 800, height: 600 });
    expect(s.bounds()).toEqual({ width: 800, height: 600 });
    expect(statSync(file).isDirectory()).toBe(true);
    expect(readdirSync(file)).toEqual(['inside.txt']);
  });

  it('keeps the settings file owner-only: asks electron-store for 0600 and tightens an old 0644 file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"window": null}');
    chmodSync(file, 0o644);
    const s = new Settings(file);
    expect(s.recovered).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(opened.at(-1)?.configFileMode).toBe(0o600);
  });

  it('moves a settings file over the size bound aside unread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ pad: 'x'.repeat(MAX_SETTINGS_BYTES) }));
    const s = new Settings(file);
    expect(s.recovered?.reason).toBe(`larger than the ${MAX_SETTINGS_BYTES}-byte limit for this file`);
    expect(readdirSync(dir)).toEqual([basename(s.recovered!.backup)]);
  });
});

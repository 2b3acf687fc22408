// Settings logic with electron-store replaced by an in-memory map (the real
// one needs Electron's app module).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cleanRecent, MAX_RECENT, pushRecent, sanitizeBounds, sanitizeDisplay, Settings } from './settings';

const disk = vi.hoisted(() => new Map<string, unknown>());
vi.mock('electron-store', () => ({
  default: class {
    constructor(opts: { defaults: Record<string, unknown> }) {
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
});

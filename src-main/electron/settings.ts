// Persistent settings of the desktop app (electron-store: atomic writes in
// userData, owner-only). The file is user-editable, so every read is
// sanitised, and a file that no longer parses is kept as a backup rather than
// cleared. A settings.json that cannot be used at all (a folder, a FIFO, an
// unreadable file) never stops the app: it starts with defaults kept in
// memory, says why, and leaves the path alone.
import { chmodSync, lstatSync } from 'node:fs';
import Store from 'electron-store';
import { StudioError } from '../api/errors';
import { loadJsonSync, PRIVATE_FILE_MODE } from '../core/json-file';
import type { DisplayPrefs } from '../api/channels';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export type RecentKind = 'model' | 'image';

interface Schema {
  window: WindowBounds | null;
  recentModels: string[];
  recentImages: string[];
  display: DisplayPrefs;
  [key: string]: unknown;
}

export const MAX_RECENT = 10;
/** Window bounds, display prefs and twenty paths are a few KiB; a larger file is moved aside as corrupt. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;
const DEFAULT_BOUNDS: WindowBounds = { width: 1440, height: 900 };

const isObject = (v: unknown): object => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new StudioError('corrupt', 'not a JSON object');
  return v;
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function sanitizeBounds(v: unknown): WindowBounds {
  if (!v || typeof v !== 'object') return { ...DEFAULT_BOUNDS };
  const b = v as Record<string, unknown>;
  const size = (n: unknown, min: number, def: number) => (finite(n) ? Math.max(min, Math.min(10_000, Math.round(n))) : def);
  const out: WindowBounds = { width: size(b.width, 640, DEFAULT_BOUNDS.width), height: size(b.height, 480, DEFAULT_BOUNDS.height) };
  if (finite(b.x) && finite(b.y)) Object.assign(out, { x: Math.round(b.x), y: Math.round(b.y) });
  if (b.maximized === true) out.maximized = true;
  return out;
}

export function sanitizeDisplay(v: unknown): DisplayPrefs {
  if (!v || typeof v !== 'object') return {};
  const d = v as Record<string, unknown>;
  const out: DisplayPrefs = {};
  if (typeof d.colormap === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(d.colormap)) out.colormap = d.colormap;
  if (finite(d.opacity)) out.opacity = Math.min(1, Math.max(0, d.opacity));
  if (d.theme === 'light' || d.theme === 'dark' || d.theme === 'system') out.theme = d.theme;
  if (typeof d.lastView === 'string' && /^[a-z-]{1,32}$/.test(d.lastView)) out.lastView = d.lastView;
  return out;
}

/** Most recent first, no duplicates, at most MAX_RECENT, strings only. */
export function cleanRecent(list: unknown): string[] {
  const strings = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  return [...new Set(strings)].slice(0, MAX_RECENT);
}

export function pushRecent(list: unknown, path: string): string[] {
  return cleanRecent([path, ...cleanRecent(list)]);
}

/** What Settings needs of electron-store, so a session can fall back to memory. */
interface Backing {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const defaults = (): Schema => ({ window: null, recentModels: [], recentImages: [], display: {} });

function memoryBacking(): Backing {
  const m = new Map<string, unknown>(Object.entries(defaults()));
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, structuredClone(v)) };
}

/** A settings file an older version wrote 0644 becomes owner-only (a link's target is left alone). */
function tighten(file: string): void {
  try {
    const s = lstatSync(file);
    if (s.isFile() && (s.mode & 0o077) !== 0 && s.uid === process.getuid?.()) chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // absent, or not ours to change
  }
}

const problemOf = (e: unknown): string => (e instanceof StudioError ? e.message : `cannot be opened (${(e as NodeJS.ErrnoException | null)?.code ?? 'error'})`);

export class Settings {
  private readonly store: Backing;
  /** Set when the settings file was corrupt or unusable: where it is, and why. */
  readonly recovered: { backup: string; reason: string } | null;
  /** Why settings live in memory only this session (the file could not be used), else null. */
  readonly unusable: string | null;

  /** `file`: electron-store's settings.json in userData, to check before the store opens it. */
  constructor(file?: string) {
    // A hand-broken file must not stop the app from starting, nor vanish:
    // it is moved aside (the user is told where) and the store starts fresh.
    let recovered: { backup: string; reason: string } | null = null;
    let unusable: string | null = null;
    if (file) {
      try {
        // A symlinked settings file (dotfiles) is followed: only the app writes its own keys there.
        recovered = loadJsonSync(file, isObject, new Date(), { maxBytes: MAX_SETTINGS_BYTES, followSymlink: true }).corrupt ?? null;
        tighten(file);
      } catch (e) {
        unusable = problemOf(e);
      }
    }
    let store: Backing | null = null;
    if (!unusable) {
      try {
        const real = new Store<Schema>({ name: 'settings', clearInvalidConfig: true, configFileMode: PRIVATE_FILE_MODE, defaults: defaults() });
        store = { get: (k) => real.get(k), set: (k, v) => real.set(k, v) };
      } catch (e) {
        unusable = problemOf(e);
      }
    }
    this.store = store ?? memoryBacking();
    this.unusable = unusable;
    this.recovered = unusable && file ? { backup: file, reason: `${unusable}; it was left as it is, and settings changed now are not saved` } : recovered;
  }

  bounds(): WindowBounds {
    return sanitizeBounds(this.store.get('window'));
  }

  saveBounds(b: WindowBounds): void {
    this.store.set('window', sanitizeBounds(b));
  }

  recent(kind: RecentKind): string[] {
    return cleanRecent(this.store.get(kind === 'model' ? 'recentModels' : 'recentImages'));
  }

  addRecent(kind: RecentKind, path: string): void {
    const key = kind === 'model' ? 'recentModels' : 'recentImages';
    this.store.set(key, pushRecent(this.store.get(key), path));
  }

  clearRecent(): void {
    this.store.set('recentModels', []);
    this.store.set('recentImages', []);
  }

  display(): DisplayPrefs {
    return sanitizeDisplay(this.store.get('display'));
  }

  saveDisplay(p: unknown): DisplayPrefs {
    const merged = { ...this.display(), ...sanitizeDisplay(p) };
    this.store.set('display', merged);
    return merged;
  }
}

// Persistent settings of the desktop app (electron-store: atomic writes in
// userData). The file is user-editable, so every read is sanitised, and a
// file that no longer parses is kept as a backup rather than cleared.
import Store from 'electron-store';
import { loadJsonSync } from '../shared/json-file';
import type { DisplayPrefs } from './channels';

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
const DEFAULT_BOUNDS: WindowBounds = { width: 1440, height: 900 };

const isObject = (v: unknown): object => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
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

export class Settings {
  private readonly store: Store<Schema>;
  /** Set when the settings file was corrupt: where it was moved, and why. */
  readonly recovered: { backup: string; reason: string } | null;

  /** `file`: electron-store's settings.json in userData, to check before the store opens it. */
  constructor(file?: string) {
    // A hand-broken file must not stop the app from starting, nor vanish:
    // it is moved aside (the user is told where) and the store starts fresh.
    this.recovered = file ? (loadJsonSync(file, isObject).corrupt ?? null) : null;
    this.store = new Store<Schema>({
      name: 'settings',
      clearInvalidConfig: true,
      defaults: { window: null, recentModels: [], recentImages: [], display: {} },
    });
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

// The viewer tab last shown, kept across starts: in the desktop app's
// settings (DisplayPrefs.lastView via the preload, electron-store), in a
// browser in localStorage (per origin: the web host's port changes with each
// start, so there it lasts across reloads only).
import { display } from '../actions';
import type { StudioStore, ViewTab } from '../types';

const KEY = 'saliency-studio.lastView';
const TABS: readonly ViewTab[] = ['explore', 'compare', 'evaluate'];
const isTab = (v: unknown): v is ViewTab => typeof v === 'string' && (TABS as readonly string[]).includes(v);

type Bridge = { getDisplayPrefs?: () => Promise<{ lastView?: string }>; setDisplayPrefs?: (p: { lastView?: string }) => Promise<unknown> };

export interface TabPrefs {
  load(): Promise<string | null>;
  save(tab: string): void;
}

export function tabPrefs(win: { studio?: unknown; localStorage?: Storage } = window as never): TabPrefs {
  const bridge = win.studio as Bridge | undefined;
  if (bridge?.getDisplayPrefs && bridge.setDisplayPrefs) {
    const { getDisplayPrefs, setDisplayPrefs } = bridge;
    return {
      load: () =>
        getDisplayPrefs().then(
          (p) => p.lastView ?? null,
          () => null,
        ),
      save: (lastView) => void setDisplayPrefs({ lastView }).catch(() => undefined),
    };
  }
  let storage: Storage | null = null;
  try {
    storage = win.localStorage ?? null;
  } catch {
    storage = null; // storage disabled
  }
  return { load: async () => storage?.getItem(KEY) ?? null, save: (tab) => storage?.setItem(KEY, tab) };
}

/** Restores the saved tab once, then saves every change; returns the unsubscribe function. */
export async function persistTab(store: StudioStore, prefs: TabPrefs = tabPrefs()): Promise<() => void> {
  const saved = await prefs.load();
  if (isTab(saved)) store.set(display.tabChanged, saved);
  let last = store.get().tab;
  return store.subscribe(() => {
    const tab = store.get().tab;
    if (tab !== last) prefs.save((last = tab));
  });
}

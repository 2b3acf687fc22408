// Light and dark themes: CSS variables on :root (light) and
// :root[data-theme='dark'] in styles.css. The choice is 'system' (follow
// prefers-color-scheme) until the user toggles; it is kept by the desktop
// app's settings (DisplayPrefs via the preload) or, in a browser, localStorage.
import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
export type ThemeChoice = Theme | 'system';

const KEY = 'saliency-studio.theme';

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
}

/** The toggle names the theme a click switches to, so it reads differently in each theme. */
export function themeToggleLabel(theme: Theme): { icon: string; text: string; title: string } {
  return theme === 'dark'
    ? { icon: '☀', text: 'Light theme', title: 'Switch to the light theme (T)' }
    : { icon: '☾', text: 'Dark theme', title: 'Switch to the dark theme (T)' };
}

const isChoice = (v: unknown): v is ThemeChoice => v === 'light' || v === 'dark' || v === 'system';

/** Where the choice lives: the desktop app's settings file, else localStorage. */
interface PrefsStore {
  load(): Promise<ThemeChoice>;
  save(choice: ThemeChoice): void;
}

/** The part of the preload's DisplayPrefs (src-main/api/channels.ts) the theme uses. */
type ThemePrefs = { theme?: ThemeChoice };
type PrefsBridge = { getDisplayPrefs?: () => Promise<ThemePrefs>; setDisplayPrefs?: (p: ThemePrefs) => Promise<ThemePrefs> };

function prefsStore(): PrefsStore {
  const bridge = (window as unknown as { studio?: PrefsBridge }).studio;
  if (bridge?.getDisplayPrefs && bridge.setDisplayPrefs) {
    const { getDisplayPrefs, setDisplayPrefs } = bridge;
    return {
      load: () =>
        getDisplayPrefs().then(
          (p) => (isChoice(p.theme) ? p.theme : 'system'),
          () => 'system',
        ),
      save: (theme) => void setDisplayPrefs({ theme }).catch(() => undefined),
    };
  }
  return {
    load: async () => {
      const v = safeStorage()?.getItem(KEY);
      return isChoice(v) ? v : 'system';
    },
    save: (theme) => safeStorage()?.setItem(KEY, theme),
  };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (privacy mode, file://)
  }
}

const darkQuery = (): MediaQueryList | null => (typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null);

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** The theme in force and a toggle that makes the opposite an explicit, persisted choice. */
export function useTheme(): { theme: Theme; choice: ThemeChoice; toggle: () => void } {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  const [prefersDark, setPrefersDark] = useState(() => darkQuery()?.matches ?? true);
  const [store] = useState(prefsStore);

  useEffect(() => {
    let live = true;
    void store.load().then((c) => live && setChoice(c));
    const mq = darkQuery();
    const onChange = (e: MediaQueryListEvent) => setPrefersDark(e.matches);
    mq?.addEventListener('change', onChange);
    return () => {
      live = false;
      mq?.removeEventListener('change', onChange);
    };
  }, [store]);

  const theme = resolveTheme(choice, prefersDark);
  useEffect(() => applyTheme(theme), [theme]);

  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setChoice(next);
    store.save(next);
  }, [theme, store]);

  return { theme, choice, toggle };
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1…21). */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, b2] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

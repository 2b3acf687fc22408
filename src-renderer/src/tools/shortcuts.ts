// One registry of keyboard shortcuts: what the help overlay lists and what
// useShortcuts binds. It is empty until the app's start registers its table
// (tools/shortcutTable.ts), so importing a view never changes it. A component
// binds the ids it can act on (the canvas its zoom, the open panel its file
// pickers). Combos: "Mod+Shift+O" (Mod = Ctrl, or ⌘ on macOS), a single key
// "c", or a named key "Escape".
import { useEffect, useRef } from 'react';

export interface Shortcut {
  id: string;
  /** Alternatives, any of which triggers it; the first is shown first. */
  keys: readonly string[];
  description: string;
  /** Heading in the help overlay, e.g. "Viewer". */
  scope: string;
}

let registry: readonly Shortcut[] = [];

/** Adds entries, or replaces them by id (in place, so the help keeps its order). */
export function registerShortcuts(table: readonly Shortcut[]): void {
  const next = [...registry];
  for (const s of table) {
    const i = next.findIndex((x) => x.id === s.id);
    if (i >= 0) next[i] = s;
    else next.push(s);
  }
  registry = next;
}

/** The registered entries, in registration order. */
export function registeredShortcuts(): readonly Shortcut[] {
  return registry;
}

/** Entries grouped by scope, in registry order. */
export function shortcutGroups(list: readonly Shortcut[] = registry): [string, Shortcut[]][] {
  const groups = new Map<string, Shortcut[]>();
  for (const s of list) groups.set(s.scope, [...(groups.get(s.scope) ?? []), s]);
  return [...groups];
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** "Mod+Shift+O" → modifiers and key; "+" and "Mod++" keep the plus as the key. */
export function parseCombo(combo: string): { key: string; mod: boolean; shift: boolean; alt: boolean } {
  const parts = combo === '+' ? ['+'] : combo.split(/\+(?!$)/);
  const key = parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  return { key, mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
}

export function matches(e: KeyLike, combo: string): boolean {
  const c = parseCombo(combo);
  if (c.mod !== (e.ctrlKey || e.metaKey) || c.alt !== e.altKey) return false;
  const letter = /^[a-z]$/i.test(c.key);
  // Shift is part of a symbol ("?" is Shift+/ on most layouts): only letters and named keys check it.
  if ((letter || c.key.length > 1) && c.shift !== e.shiftKey) return false;
  return letter ? e.key.toLowerCase() === c.key.toLowerCase() : e.key === c.key;
}

/** The registry id a key event triggers, if any. */
export function shortcutFor(e: KeyLike, list: readonly Shortcut[] = registry): string | null {
  for (const s of list) if (s.keys.some((k) => matches(e, k))) return s.id;
  return null;
}

/** Fields where keys are text, not commands. */
export function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
  return t.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button', 'submit', 'file'].includes((t as HTMLInputElement).type);
}

/** How a key is shown: "Mod" becomes Ctrl (⌘ on macOS). */
export function keyLabel(combo: string, mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)): string {
  return combo.replace(/^Mod(?=\+)/, mac ? '⌘' : 'Ctrl');
}

/** A handler returns false when it did not act (the key then keeps its default). */
export type ShortcutHandlers = Partial<Record<string, (e: KeyboardEvent) => boolean | void>>;

/** Binds registry ids to handlers on window keydown while mounted (and `enabled`). */
export function useShortcuts(handlers: ShortcutHandlers, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      // Held keys repeat only for zoom.
      if (e.defaultPrevented || (e.repeat && !['+', '=', '-'].includes(e.key)) || isTyping(e.target)) return;
      const id = shortcutFor(e);
      const run = id ? latest.current[id] : undefined;
      if (run && run(e) !== false) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

import { describe, expect, it } from 'vitest';
import { keyLabel, matches, parseCombo, registeredShortcuts, registerShortcuts, shortcutFor, shortcutGroups, type KeyLike } from './shortcuts';
import { SHORTCUTS } from './shortcutTable';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('shortcut combos', () => {
  it('parses modifiers and keeps a plus as the key', () => {
    expect(parseCombo('Mod+Shift+O')).toEqual({ key: 'O', mod: true, shift: true, alt: false });
    expect(parseCombo('+')).toEqual({ key: '+', mod: false, shift: false, alt: false });
    expect(parseCombo('Mod++')).toEqual({ key: '+', mod: true, shift: false, alt: false });
    expect(parseCombo('Escape').key).toBe('Escape');
  });

  it('matches letters case-insensitively with exact modifiers; symbols ignore Shift', () => {
    expect(matches(key('o', { ctrlKey: true }), 'Mod+O')).toBe(true);
    expect(matches(key('o', { metaKey: true }), 'Mod+O')).toBe(true);
    expect(matches(key('O', { ctrlKey: true, shiftKey: true }), 'Mod+O')).toBe(false);
    expect(matches(key('O', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+O')).toBe(true);
    expect(matches(key('c'), 'c')).toBe(true);
    expect(matches(key('C', { shiftKey: true }), 'c')).toBe(false);
    expect(matches(key('C', { shiftKey: true }), 'Shift+C')).toBe(true);
    expect(matches(key('?', { shiftKey: true }), '?')).toBe(true);
    expect(matches(key('+', { shiftKey: true }), '+')).toBe(true);
    expect(matches(key('c', { ctrlKey: true }), 'c')).toBe(false); // Ctrl+C stays copy
  });

  it('the registry is empty until the app registers its table', () => {
    expect(registeredShortcuts()).toEqual([]);
    expect(shortcutFor(key('e'))).toBeNull();
    registerShortcuts(SHORTCUTS);
    expect(registeredShortcuts()).toEqual(SHORTCUTS);
  });

  it('maps events to registry ids', () => {
    expect(shortcutFor(key('?', { shiftKey: true }))).toBe('help');
    expect(shortcutFor(key('='))).toBe('zoomIn');
    expect(shortcutFor(key('0'))).toBe('fit');
    expect(shortcutFor(key('e'))).toBe('explain');
    expect(shortcutFor(key('C', { shiftKey: true }))).toBe('prevColormap');
    expect(shortcutFor(key('s', { ctrlKey: true }))).toBe('saveProject');
    expect(shortcutFor(key('ArrowLeft'))).toBe('panLeft');
    expect(shortcutFor(key('q'))).toBeNull();
  });

  it('every id and every key combo is unique; the help lists groups in order', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const combos = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(combos).size).toBe(combos.length);
    expect(shortcutGroups().map(([g]) => g)).toEqual(['General', 'Explain', 'Viewer', 'Overlay', 'Compare']);
  });

  it('registerShortcuts adds or replaces by id', () => {
    const n = registeredShortcuts().length;
    registerShortcuts([{ id: 'test.sync', keys: ['Alt+Y'], description: 'Sync', scope: 'Compare' }]);
    registerShortcuts([{ id: 'test.sync', keys: ['Alt+Y'], description: 'Sync views', scope: 'Compare' }]);
    expect(registeredShortcuts()).toHaveLength(n + 1);
    expect(shortcutFor(key('y', { altKey: true }))).toBe('test.sync');
    expect(registeredShortcuts().at(-1)?.description).toBe('Sync views');
    registerShortcuts([{ ...SHORTCUTS[0], description: 'Help' }]);
    expect(registeredShortcuts()[0]).toMatchObject({ id: 'help', description: 'Help' });
  });

  it('shows Mod as Ctrl, or ⌘ on macOS', () => {
    expect(keyLabel('Mod+Shift+O', false)).toBe('Ctrl+Shift+O');
    expect(keyLabel('Mod+O', true)).toBe('⌘+O');
    expect(keyLabel('?', false)).toBe('?');
  });
});

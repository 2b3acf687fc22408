import { describe, expect, it } from 'vitest';
import { display } from '../actions';
import { createStore } from '../store';
import { initialState } from '../types';
import { persistTab, tabPrefs } from './viewPrefs';

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as unknown as Storage;
}

describe('last view tab', () => {
  it('comes back from localStorage in a browser and is saved on every change; unknown names are ignored', async () => {
    const storage = memoryStorage({ 'saliency-studio.lastView': 'compare' });
    const store = createStore(initialState);
    await persistTab(store, tabPrefs({ localStorage: storage }));
    expect(store.get().tab).toBe('compare');
    store.set(display.tabChanged, 'evaluate');
    expect(storage.getItem('saliency-studio.lastView')).toBe('evaluate');
    const other = createStore(initialState);
    await persistTab(other, tabPrefs({ localStorage: memoryStorage({ 'saliency-studio.lastView': 'nonsense' }) }));
    expect(other.get().tab).toBe('explore');
  });

  it('uses the desktop settings (DisplayPrefs.lastView) where the preload offers them', async () => {
    const saved: unknown[] = [];
    const studio = { getDisplayPrefs: async () => ({ lastView: 'evaluate' }), setDisplayPrefs: async (p: unknown) => saved.push(p) };
    const store = createStore(initialState);
    await persistTab(store, tabPrefs({ studio }));
    expect(store.get().tab).toBe('evaluate');
    store.set(display.tabChanged, 'explore');
    expect(saved).toEqual([{ lastView: 'explore' }]);
  });
});

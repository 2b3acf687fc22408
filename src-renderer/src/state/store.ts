// The one state container of the renderer: the state is a plain value,
// replaced (never mutated) by named actions (state, ...args) → state, and
// React reads a slice of it with useStore. Every shared state (the studio, the
// masking lab, the project bar, the grid's view, each study view) is one.
import { useSyncExternalStore } from 'react';

export type Action<S, A extends unknown[]> = (s: S, ...args: A) => S;

export interface Store<S> {
  get(): S;
  /** Applies a named action; listeners hear of it only when the state changed (by identity). */
  set<A extends unknown[]>(action: Action<S, A>, ...args: A): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(action, ...args) {
      const next = action(state, ...args);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** Re-renders only when the selected slice changes (by identity): select slices, not new objects. */
export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

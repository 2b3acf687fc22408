// A minimal store: the state is a value, actions are pure functions
// (state, ...args) → state, and React reads it with useSyncExternalStore.
import { initialState, type StudioState } from './types';

export type Action<A extends unknown[]> = (s: StudioState, ...args: A) => StudioState;

export interface Store {
  getState(): StudioState;
  dispatch<A extends unknown[]>(action: Action<A>, ...args: A): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(state: StudioState = initialState): Store {
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action, ...args) {
      const next = action(state, ...args);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

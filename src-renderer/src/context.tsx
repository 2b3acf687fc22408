// What components may reach: the state (read through selectors), the
// controller (user intents) and the host kind. Nothing else.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Host } from './host';
import type { Controller } from './state/controller';
import type { Store } from './state/store';
import type { StudioState } from './state/types';

interface Studio {
  store: Store;
  controller: Controller;
  host: Host;
}

const StudioContext = createContext<Studio | null>(null);

export function StudioProvider({ value, children }: { value: Studio; children: ReactNode }) {
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}

export function useStudio(): Studio {
  const s = useContext(StudioContext);
  if (!s) throw new Error('StudioProvider missing');
  return s;
}

/** Re-renders only when the selected slice changes (by identity). */
export function useStudioState<T>(select: (s: StudioState) => T): T {
  const { store } = useStudio();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

export function useDispatch(): Store['dispatch'] {
  return useStudio().store.dispatch;
}

export function useController(): Controller {
  return useStudio().controller;
}

export function useHost(): Host {
  return useStudio().host;
}

// What components may reach: the page's stores (read with useStore and a
// selector), its controllers (user intents) and the host kind. Nothing else.
import { StudioError } from '../../src-main/api/errors';
import { createContext, useContext, type ReactNode } from 'react';
import type { Host } from './host';
import type { Controller } from './state/controller';
import type { MaskLab } from './state/maskLabController';
import { useStore } from './state/store';
import type { StudioState, StudioStore } from './state/types';
import type { Studio } from './studio';

const StudioContext = createContext<Studio | null>(null);

export function StudioProvider({ value, children }: { value: Studio; children: ReactNode }) {
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}

export function useStudio(): Studio {
  const s = useContext(StudioContext);
  if (!s) throw new StudioError('internal', 'StudioProvider missing');
  return s;
}

/** The main store's slice (most panels read only that store). */
export function useStudioState<T>(select: (s: StudioState) => T): T {
  return useStore(useStudio().store, select);
}

export function useDispatch(): StudioStore['set'] {
  return useStudio().store.set;
}

export function useController(): Controller {
  return useStudio().controller;
}

export function useHost(): Host {
  return useStudio().host;
}

export function useMaskLab(): MaskLab {
  return useStudio().lab;
}

export function useReading(): Studio['reading'] {
  return useStudio().reading;
}

export function useStudies(): Studio['studies'] {
  return useStudio().studies;
}

export function useCompare(): Studio['compare'] {
  return useStudio().compare;
}

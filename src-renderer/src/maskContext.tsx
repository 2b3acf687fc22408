// The masking lab for components: its state through a selector (re-render on
// change of the selected slice only) and its intents.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { MaskLabState } from './state/maskLab';
import type { MaskLab } from './state/maskLabController';

const MaskLabContext = createContext<MaskLab | null>(null);

export function MaskLabProvider({ value, children }: { value: MaskLab; children: ReactNode }) {
  return <MaskLabContext.Provider value={value}>{children}</MaskLabContext.Provider>;
}

export function useMaskLab(): MaskLab {
  const lab = useContext(MaskLabContext);
  if (!lab) throw new Error('MaskLabProvider missing');
  return lab;
}

export function useMaskLabState<T>(select: (s: MaskLabState) => T): T {
  const lab = useMaskLab();
  return useSyncExternalStore(lab.subscribe, () => select(lab.getState()));
}

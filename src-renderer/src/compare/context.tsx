// What grid components reach besides the store: the grid's intents and the
// shared zoom/pan/pointer.
import { createContext, useContext, type ReactNode } from 'react';
import type { CompareController } from '../state/compare/controller';
import type { ViewSync } from './viewSync';

interface CompareTools {
  controller: CompareController;
  viewSync: ViewSync;
}

const CompareContext = createContext<CompareTools | null>(null);

export function CompareProvider({ value, children }: { value: CompareTools; children: ReactNode }) {
  return <CompareContext.Provider value={value}>{children}</CompareContext.Provider>;
}

export function useCompare(): CompareTools {
  const c = useContext(CompareContext);
  if (!c) throw new Error('CompareProvider missing');
  return c;
}

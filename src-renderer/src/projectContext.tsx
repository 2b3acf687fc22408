// The project controller for components: its small state through a selector
// and its intents (save, open, recent, restore banner).
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ProjectController, ProjectUiState } from './state/project/controller';

const ProjectContext = createContext<ProjectController | null>(null);

export function ProjectProvider({ value, children }: { value: ProjectController; children: ReactNode }) {
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

/** Null outside a ProjectProvider (component tests of other panels). */
export function useProject(): ProjectController | null {
  return useContext(ProjectContext);
}

const NONE = () => () => undefined;

export function useProjectState<T>(select: (s: ProjectUiState) => T, fallback: T): T {
  const p = useContext(ProjectContext);
  return useSyncExternalStore(p ? p.subscribe : NONE, () => (p ? select(p.getState()) : fallback));
}

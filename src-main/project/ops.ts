// The operations the host process serves itself (api/spec.ts `host`): what it
// keeps on disk for the user — projects and the experiment log — validated like
// every other request, then handed to the host's one ProjectStore and one
// ExperimentStore. Persistence lives here, in the host, never in the engine
// worker; engine/client.ts and engine/in-process.ts put these beside the
// engine's operations, so every host reaches the same code.
import { HOST_OPS, type HostApi } from '../api/spec';
import type { ProjectApi } from '../api/project-types';
import { validateRequest } from '../api/validate';
import { ExperimentStore } from '../masking/experiments';
import { privateRequest } from './private';
import { ProjectStore } from './store';

export interface HostStores {
  projects: ProjectApi;
  experiments: ExperimentStore;
}

/** The stores in the data folder (SALIENCY_STUDIO_DATA or the platform default), unless given. */
export function hostStores(given: Partial<HostStores> = {}): HostStores {
  return { projects: given.projects ?? new ProjectStore(), experiments: given.experiments ?? new ExperimentStore() };
}

export function hostOps({ projects, experiments }: HostStores): HostApi {
  const target: HostApi = {
    // Private before anything is written (project/private.ts).
    saveProject: (r) => projects.saveProject(privateRequest(r)),
    openProject: (r) => projects.openProject(r),
    recentProjects: () => projects.recentProjects(),
    autosave: (r) => projects.autosave(privateRequest(r)),
    autosaveStatus: () => projects.autosaveStatus(),
    restoreAutosave: () => projects.restoreAutosave(),
    dismissAutosave: () => projects.dismissAutosave(),
    experimentLog: () => experiments.list(),
    addExperiment: (r) => experiments.add(r.row),
    deleteExperiments: (r) => experiments.delete(r.ids),
  };
  const ops: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const op of HOST_OPS) {
    ops[op] = (arg?: unknown) =>
      Promise.resolve().then(() => {
        validateRequest(op, arg ?? {});
        return (target[op] as (a?: unknown) => Promise<unknown>)(arg);
      });
  }
  return ops as unknown as HostApi;
}

/** Projects only, over a given store (tests of the project operations). */
export function projectOps(store: ProjectApi): HostApi {
  return hostOps({ projects: store, experiments: new ExperimentStore() });
}

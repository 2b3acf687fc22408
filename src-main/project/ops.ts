// The project operations as a host serves them: validated like every other
// request (api/validate.ts), then handed to the one ProjectStore of the host
// process. engine/client.ts puts them beside the worker's operations, so the
// Electron IPC host and the web host reach the same code.
import { validateRequest } from '../api/validate';
import { HOST_OPS } from '../api/spec';
import type { ProjectApi } from '../api/project-types';

export function projectOps(store: ProjectApi): ProjectApi {
  const ops: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const op of HOST_OPS) {
    ops[op] = (arg?: unknown) =>
      Promise.resolve().then(() => {
        validateRequest(op, arg ?? {});
        return (store[op] as (a?: unknown) => Promise<unknown>).call(store, arg);
      });
  }
  return ops as unknown as ProjectApi;
}

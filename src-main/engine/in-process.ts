// The engine in this process, served as a host serves it: every operation's
// request is checked by its rules (api/validate.ts) before it reaches the
// LocalEngine, exactly as the worker client does (engine/client.ts), and the
// project operations go to a ProjectStore through the same projectOps. The
// CLI is a host like the others: it calls this backend, never LocalEngine.
// What the worker client adds and this does not need: restarts after a crash
// (there is no worker to crash) and ending a job stuck after its cancel (a
// one-shot command is ended by the user, Ctrl-C).
import { StudioError } from '../api/errors';
import { ENGINE_OPS, type EngineOp } from '../api/spec';
import type { StudioApi, StudioBackend } from '../api/types';
import { validateRequest } from '../api/validate';
import { hostOps, hostStores } from '../project/ops';
import { ProjectStore } from '../project/store';
import { LocalEngine } from './engine';

export type InProcessBackend = StudioBackend & { projects: ProjectStore };

/** `projects`: the store the project operations use (default: in the data dir, as the other hosts). */
export async function startInProcess(opts: { projects?: ProjectStore } = {}): Promise<InProcessBackend> {
  const engine = new LocalEngine();
  let closed = false;
  const call = (op: EngineOp, arg: unknown): Promise<unknown> =>
    Promise.resolve().then(() => {
      validateRequest(op, arg ?? {});
      if (closed) throw new StudioError('engine-closed', 'the engine has been closed');
      return (engine[op] as (a: unknown) => Promise<unknown>).call(engine, arg);
    });
  const api = Object.fromEntries(ENGINE_OPS.map((op) => [op, (arg: unknown) => call(op, arg)])) as unknown as StudioApi;
  const stores = hostStores({ projects: opts.projects });
  const projects = stores.projects as ProjectStore;
  return {
    ...api,
    ...hostOps(stores),
    projects,
    onProgress: (cb) => engine.onProgress(cb),
    close: async () => {
      closed = true;
      await engine.close();
    },
  };
}

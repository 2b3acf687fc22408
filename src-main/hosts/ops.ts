// How hosts forward a call to the engine: the allow-list and error shape come
// from api/, so the web host, the IPC host and the preload cannot drift apart.
import { toApiError } from '../api/errors';
import { API_OPS, isApiOp, opSpec } from '../api/spec';
import type { ApiOp, StudioBackend } from '../api/types';

export { API_OPS, isApiOp };

/** Calls one allow-listed operation with its single argument (null → none). */
export function callOp(backend: StudioBackend, op: ApiOp, arg: unknown): Promise<unknown> {
  const fn = backend[op] as (a?: unknown) => Promise<unknown>;
  return Promise.resolve().then(() => fn.call(backend, arg ?? undefined));
}

export { toApiError };

/** The jobId a job-starting call carries, so progress can be routed to its caller. */
export function jobIdOf(op: ApiOp, arg: unknown): string | null {
  if (!opSpec(op).job || !arg || typeof arg !== 'object') return null;
  const id = (arg as { jobId?: unknown }).jobId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

// What every host may forward to the engine, and how failures cross a host
// boundary. Shared by the loopback web host, the Electron IPC host and the
// preload, so the three allow-lists cannot drift apart.
import type { ApiErrorShape, ApiOp, StudioBackend } from '../api/types';

// A Record over ApiOp: adding an operation to StudioApi fails compilation here
// until it is listed, and nothing outside StudioApi (close, onProgress,
// Object.prototype members) can ever be reached by name from a client.
const OPS: Record<ApiOp, true> = {
  info: true,
  methods: true,
  demos: true,
  openModel: true,
  openImage: true,
  imagePixels: true,
  predict: true,
  explain: true,
  cancel: true,
};

export const API_OPS: readonly ApiOp[] = Object.freeze(Object.keys(OPS) as ApiOp[]);

export function isApiOp(op: unknown): op is ApiOp {
  return typeof op === 'string' && Object.hasOwn(OPS, op);
}

/** Calls one allow-listed operation with its single argument (null → none). */
export function callOp(backend: StudioBackend, op: ApiOp, arg: unknown): Promise<unknown> {
  const fn = backend[op] as (a?: unknown) => Promise<unknown>;
  return Promise.resolve().then(() => fn.call(backend, arg ?? undefined));
}

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** An error as a client may see it: a code and one line, never a stack or a cause chain. */
export function toApiError(err: unknown): ApiErrorShape {
  let code = 'internal';
  let message = 'unexpected error';
  if (err && typeof err === 'object') {
    const c = (err as { code?: unknown }).code;
    if (typeof c === 'string' && CODE.test(c)) code = c;
    const m = (err as { message?: unknown }).message;
    if (typeof m === 'string' && m) message = m;
  } else if (typeof err === 'string' && err) {
    message = err;
  }
  // First line only: some libraries append stacks or dumps to the message.
  message = message.split('\n', 1)[0].trim().slice(0, 1000) || 'unexpected error';
  return { code, message };
}

/** The jobId an explain call carries, so progress can be routed to its caller. */
export function jobIdOf(op: ApiOp, arg: unknown): string | null {
  if (op !== 'explain' || !arg || typeof arg !== 'object') return null;
  const id = (arg as { jobId?: unknown }).jobId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

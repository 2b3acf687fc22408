// A leaf every folder may import: cancellation tokens, per-job tensor
// ownership and the one-at-a-time lane of engine jobs. A job checks its token between steps; the worker yields to its
// event loop between steps so a cancel can arrive.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';

/** What a running job sees of its cancellation. */
export interface CancelSignal {
  readonly cancelled: boolean;
  /** Throws a 'cancelled' StudioError when the job was cancelled. */
  check(): void;
}

export class CancelToken implements CancelSignal {
  private flag = false;
  private listeners: (() => void)[] = [];
  get cancelled(): boolean {
    return this.flag;
  }
  cancel(): void {
    if (this.flag) return;
    this.flag = true;
    for (const cb of this.listeners.splice(0)) cb();
  }
  /** Runs `cb` once when the token is cancelled (at once if it already is); returns an unsubscribe. */
  onCancel(cb: () => void): () => void {
    if (this.flag) {
      cb();
      return () => undefined;
    }
    this.listeners.push(cb);
    return () => void (this.listeners = this.listeners.filter((l) => l !== cb));
  }
  check(): void {
    if (this.flag) throw new StudioError('cancelled', 'the job was cancelled');
  }
}

/** Lets queued messages (cancel) run between long steps. */
export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/*
 * Per-job tensor ownership. tfjs tracks every new tensor in its active scope,
 * and its scopes are one global stack: a job that held a scope open across an
 * await (startScope … await … endScope) would collect, and then dispose, the
 * tensors of whatever other job ran during that await. tfjs itself only opens
 * scopes synchronously (tidy, op wrappers), so at every await the stack is
 * empty; there a tensor belongs to the job whose async context created it
 * (AsyncLocalStorage follows the job across awaits), and the job disposes what
 * it still owns when it ends. Tensors made inside a tidy are tidy's, as usual.
 */
const owner = new AsyncLocalStorage<tf.Tensor[]>();
let tracking = false;

function trackByJob(): void {
  if (tracking) return;
  tracking = true;
  const eng = tf.engine() as unknown as { state: { activeScope: unknown }; track<T>(t: T): T };
  const track = eng.track.bind(eng);
  eng.track = <T>(t: T): T => {
    if (eng.state.activeScope == null) {
      const list = owner.getStore();
      if (list) {
        list.push(t as unknown as tf.Tensor);
        return t;
      }
    }
    return track(t);
  };
}

/**
 * Runs `fn` owning the tensors it creates outside any tidy; on return or
 * throw, those not disposed, not kept (tf.keep) and not part of the result are
 * disposed. Nested calls own their own tensors.
 */
export async function withJobTensors<T>(fn: () => Promise<T>): Promise<T> {
  trackByJob();
  const list: tf.Tensor[] = [];
  let result: T | undefined;
  try {
    result = await owner.run(list, fn);
    return result;
  } finally {
    const keep = new Set<number>();
    collectTensorIds(result, keep, 0);
    for (const t of list) if (!t.isDisposed && !(t as unknown as { kept: boolean }).kept && !keep.has(t.id)) t.dispose();
  }
}

function collectTensorIds(v: unknown, out: Set<number>, depth: number): void {
  if (depth > 4 || !v || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
  if (v instanceof tf.Tensor) {
    out.add(v.id);
    return;
  }
  for (const x of Array.isArray(v) ? v : Object.values(v)) collectTensorIds(x, out, depth + 1);
}

/*
 * The lane: explainers run one at a time. Methods change global state for the
 * length of one call (guided backprop's and LRP's backward rules, gradient
 * modes), so two interleaving across awaits would see each other's rules. A
 * call still queued when its token is cancelled leaves the queue at once and
 * rejects with 'cancelled': it never ran, so there is nothing to wait for.
 */
interface Queued {
  start(): void;
}
const queue: Queued[] = [];
let busy = false;
const inLane = new AsyncLocalStorage<true>();

function pump(): void {
  if (busy) return;
  const next = queue.shift();
  if (!next) return;
  busy = true;
  next.start();
}

/**
 * Runs `fn` alone in the lane, owning its tensors (withJobTensors). Re-entrant:
 * a call from inside the lane runs at once (it already holds the lane).
 */
export function runScoped<T>(fn: () => Promise<T>, signal?: CancelSignal): Promise<T> {
  if (inLane.getStore()) return withJobTensors(fn);
  return new Promise<T>((resolve, reject) => {
    let off = (): void => undefined;
    const entry: Queued = {
      // Bound to the caller's async context (core/share.ts's replica state), not pump's caller's.
      start: AsyncResource.bind(() => {
        off();
        inLane
          .run(true, () => withJobTensors(fn))
          .then(resolve, reject)
          .finally(() => {
            busy = false;
            pump();
          });
      }),
    };
    if (signal?.cancelled) return reject(new StudioError('cancelled', 'the job was cancelled'));
    if (signal instanceof CancelToken) {
      off = signal.onCancel(() => {
        const at = queue.indexOf(entry);
        if (at < 0) return; // already running: it sees the token itself
        queue.splice(at, 1);
        reject(new StudioError('cancelled', 'the job was cancelled while it waited for the engine'));
      });
    }
    queue.push(entry);
    pump();
  });
}

/** How many calls wait in the lane (tests, diagnostics). */
export const laneLength = (): number => queue.length;

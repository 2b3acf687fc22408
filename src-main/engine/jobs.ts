// Cancellation tokens for engine jobs. A job checks its token between steps;
// the worker yields to its event loop between steps so a cancel can arrive.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { CancelSignal } from '../explainers/types';

export class CancelToken implements CancelSignal {
  private flag = false;
  get cancelled(): boolean {
    return this.flag;
  }
  cancel(): void {
    this.flag = true;
  }
  check(): void {
    if (this.flag) throw new StudioError('cancelled', 'the job was cancelled');
  }
}

/** Lets queued messages (cancel) run between long steps. */
export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

let tail: Promise<unknown> = Promise.resolve();

/**
 * Runs an explainer inside a tfjs scope, one at a time. A scope disposes what
 * a failing or cancelled method leaves behind, but tfjs keeps scopes on one
 * stack: two methods interleaving across awaits (a grid cell in the
 * background while the user explains in the single view) would each end the
 * other's scope and dispose tensors it still uses. Not re-entrant: `fn` must
 * not call runScoped itself.
 */
export function runScoped<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(async () => {
    tf.engine().startScope();
    try {
      return await fn();
    } finally {
      tf.engine().endScope();
    }
  });
  tail = run.catch(() => undefined);
  return run;
}

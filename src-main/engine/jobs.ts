// Cancellation tokens for engine jobs. A job checks its token between steps;
// the worker yields to its event loop between steps so a cancel can arrive.
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

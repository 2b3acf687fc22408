// The one fake backend for tests, derived from the operation table (api/spec.ts):
// every operation in API_OPS is a vi.fn, the ones a test does not override
// reject with StudioError('not-mocked'), so a call the test did not expect
// fails loudly instead of returning undefined. Plus the progress stream
// (`onProgress`, and `emit` for the test to drive it) and `close`.
import { vi, type Mock } from 'vitest';
import { StudioError } from '../../api/errors';
import { API_OPS } from '../../api/spec';
import type { ApiOp, JobProgress, StudioApi, StudioBackend } from '../../api/types';

/**
 * An override for one operation: the request is typed as the operation's, the
 * reply is the test's business (a fake may answer with only the fields the code
 * under test reads).
 */
export type MockOp<K extends ApiOp> = (...args: Parameters<StudioApi[K]>) => unknown;
export type MockOverrides = { [K in ApiOp]?: MockOp<K> };

export type MockedApi = { [K in ApiOp]: Mock<StudioApi[K]> };

export type MockBackend = MockedApi &
  Pick<StudioBackend, 'onProgress'> & {
    /** Sends one progress event to every `onProgress` listener. */
    emit(p: JobProgress): void;
    /** How many `onProgress` listeners are subscribed. */
    listenerCount(): number;
    close: Mock<StudioBackend['close']>;
  };

// A MockBackend is a StudioBackend: a compile error here if the two drift apart.
const isBackend = (b: MockBackend): StudioBackend => b;
void isBackend;

/** The operations alone (for a renderer `Host.api`), each a vi.fn. */
export function mockApi(overrides: MockOverrides = {}): MockedApi {
  const api = {} as Record<ApiOp, Mock>;
  for (const op of API_OPS) {
    const impl = overrides[op] as ((...a: unknown[]) => unknown) | undefined;
    api[op] = vi.fn(
      impl ? async (...a: unknown[]) => impl(...a) : async () => Promise.reject(new StudioError('not-mocked', `${op} is not mocked in this test`)),
    );
  }
  return api as unknown as MockedApi;
}

export function mockBackend(overrides: MockOverrides = {}): MockBackend {
  const listeners = new Set<(p: JobProgress) => void>();
  return {
    ...mockApi(overrides),
    onProgress: (cb: (p: JobProgress) => void) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    emit: (p: JobProgress) => listeners.forEach((l) => l(p)),
    listenerCount: () => listeners.size,
    close: vi.fn(async () => undefined),
  };
}

// A renderer Host over the one mock backend (src-main/shared/testing/mock-backend.ts):
// `api` has every operation as a vi.fn, the unoverridden ones reject with
// 'not-mocked'; `emit` drives the progress stream the Host forwards.
import type { JobProgress } from '../../../src-main/api/types';
import { mockBackend, type MockBackend, type MockOverrides } from '../../../src-main/shared/testing/mock-backend';
import type { Host } from '../host/Host';

export interface MockHost {
  host: Host;
  api: MockBackend;
  emit(p: JobProgress): void;
}

export function mockHost(overrides: MockOverrides = {}, host: Partial<Omit<Host, 'api'>> = {}): MockHost {
  const api = mockBackend(overrides);
  return {
    host: {
      kind: 'web',
      api,
      onProgress: (cb) => api.onProgress(cb),
      modelRequestFromFiles: async (files) => ({ files: files.map((x) => ({ name: x.name, bytes: new Uint8Array() })) }),
      imageRequestFromFile: async (file) => ({ file: { name: file.name, bytes: new Uint8Array() } }),
      close: () => undefined,
      ...host,
    },
    api,
    emit: (p) => api.emit(p),
  };
}

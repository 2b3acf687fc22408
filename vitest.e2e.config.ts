import { defineConfig } from 'vitest/config';

// e2e specs start a real engine worker, a server and a browser: one file at a
// time in one fork, with timeouts long enough for a cold tfjs start on CPU.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});

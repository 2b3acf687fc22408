// Starts the TypeScript project codec worker from source (tests, CLI, web host):
// registers tsx inside this worker thread, as engine/worker-dev.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./codec-worker.ts');

// Starts the TypeScript engine worker from source (CLI, tests): registers tsx
// inside this worker thread, since loader flags do not reach workers reliably.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

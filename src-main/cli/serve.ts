// `serve`: the loopback web host — the renderer build plus the engine worker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import { startEngine } from '../engine/client';
import { defaultJobWorkers } from '../engine/pool';
import { loadWorkerPref } from '../engine/worker-pref';
import { resourcesDir } from '../core/resources';
import { keepAliveOnUnhandledRejection } from '../hosts/guards';
import { startServer } from '../hosts/serve';
import { COMMON_OPTIONS } from './common';

export async function serveCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, port: { type: 'string', default: '0' }, static: { type: 'string' }, workers: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StudioError('bad-request', `--port must be 0..65535, got "${values.port}"`);
  const staticDir = values.static ?? join(resourcesDir(), '..', 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new StudioError('no-build', `${staticDir}: no renderer build; run "npm run build" first`);
  keepAliveOnUnhandledRejection();
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64))
    throw new StudioError('bad-request', `--workers must be 1..64, got "${values.workers}"`);
  const backend = await startEngine({ workers: defaultJobWorkers(workers ?? loadWorkerPref()), keepPreference: true });
  const server = await startServer({ backend, staticDir, port });
  out(values.json ? JSON.stringify({ url: server.url, token: server.token }) : `Saliency Studio at ${server.url}`);
  const stop = async (): Promise<void> => {
    await server.close();
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await new Promise(() => {});
}

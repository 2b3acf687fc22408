// The user's number of job workers (the Engine dialog's preference), kept in
// the data folder beside the projects so both hosts (Electron and the web
// host) start with it. A missing or unusable file means "the default".
import { join } from 'node:path';
import { StudioError } from '../api/errors';
import { loadJsonSync, saveJson } from '../core/json-file';
import { dataDir } from '../project/store';

const file = (env: NodeJS.ProcessEnv): string => join(dataDir(env), 'engine-preferences.json');

const valid = (v: unknown): { jobWorkers: number } => {
  const n = (v as { jobWorkers?: unknown } | null)?.jobWorkers;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 64) throw new StudioError('corrupt', 'jobWorkers must be an integer 1..64');
  return { jobWorkers: n as number };
};

export function loadWorkerPref(env = process.env): number | undefined {
  try {
    return loadJsonSync(file(env), valid).value?.jobWorkers;
  } catch {
    return undefined;
  }
}

export async function saveWorkerPref(jobWorkers: number, env = process.env): Promise<void> {
  await saveJson(file(env), { jobWorkers });
}

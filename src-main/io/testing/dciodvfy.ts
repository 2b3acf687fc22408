// Debian's DICOM validator (dicom3tools' dciodvfy) on a written file. Absent,
// the test fails with the line saying what to install: a validator that is
// skipped silently validates nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DCIODVFY = process.env.DCIODVFY_PATH ?? '/usr/bin/dciodvfy';
export const DCIODVFY_MISSING = `dciodvfy not found at ${DCIODVFY}: run "sudo apt-get install -y dicom3tools" (or set DCIODVFY_PATH)`;

/** dciodvfy's output lines for `path` (it writes to stderr), or throws with the install line when it is absent. */
export function dciodvfy(path: string): string[] {
  if (!existsSync(DCIODVFY)) throw new Error(DCIODVFY_MISSING);
  const r = spawnSync(DCIODVFY, [path], { encoding: 'utf8' });
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').filter((l) => l.trim() !== '');
}

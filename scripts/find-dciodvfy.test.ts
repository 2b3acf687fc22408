import { describe, expect, it } from 'vitest';
import { DCIODVFY_MISSING, ensureDciodvfy, type ToolSys } from './find-dciodvfy.mjs';

function machine(files: string[], opts: { isRoot?: boolean; env?: Record<string, string>; installs?: Record<string, string[]> } = {}) {
  const fs = new Set(files);
  const ran: string[] = [];
  const sys: ToolSys = {
    env: opts.env ?? {},
    isRoot: opts.isRoot ?? false,
    exists: (p) => fs.has(p),
    run: (cmd, args) => {
      const line = [cmd, ...args].join(' ');
      ran.push(line);
      for (const f of opts.installs?.[line] ?? []) fs.add(f);
      return line.endsWith('update') || opts.installs?.[line] ? 0 : 1;
    },
  };
  return { sys, ran };
}

describe('ensureDciodvfy', () => {
  it('uses the installed validator without running anything', () => {
    const { sys, ran } = machine(['/usr/bin/dciodvfy']);
    expect(ensureDciodvfy(sys)).toEqual({ path: '/usr/bin/dciodvfy', installed: false });
    expect(ran).toEqual([]);
  });

  it('as root: apt-get update, then install dicom3tools', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get'], { isRoot: true, installs: { 'apt-get install -y dicom3tools': ['/usr/bin/dciodvfy'] } });
    expect(ensureDciodvfy(sys)).toEqual({ path: '/usr/bin/dciodvfy', installed: true });
    expect(ran).toEqual(['apt-get update', 'apt-get install -y dicom3tools']);
  });

  it('not root: through sudo -n, never a password prompt', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get', '/usr/bin/sudo'], { installs: { 'sudo -n apt-get install -y dicom3tools': ['/usr/bin/dciodvfy'] } });
    expect(ensureDciodvfy(sys).path).toBe('/usr/bin/dciodvfy');
    expect(ran).toEqual(['sudo -n apt-get update', 'sudo -n apt-get install -y dicom3tools']);
  });

  it('no way to install: the one line saying what to run', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get']);
    expect(ensureDciodvfy(sys)).toEqual({ path: null, message: DCIODVFY_MISSING });
    expect(ran).toEqual([]);
    expect(DCIODVFY_MISSING).toMatch(/sudo apt-get install -y dicom3tools/);
  });

  it('DCIODVFY_PATH that does not exist is not replaced by an install', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get', '/usr/bin/dciodvfy'], { isRoot: true, env: { DCIODVFY_PATH: '/opt/x/dciodvfy' } });
    expect(ensureDciodvfy(sys).path).toBeNull();
    expect(ran).toEqual([]);
  });
});

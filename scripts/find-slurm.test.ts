import { describe, expect, it } from 'vitest';
import type { ToolSys } from './find-dciodvfy.mjs';
import { SLURM_BINARIES, SLURM_MISSING, ensureSlurm } from './find-slurm.mjs';

function machine(files: string[], opts: { isRoot?: boolean; installs?: Record<string, string[]> } = {}) {
  const fs = new Set(files);
  const ran: string[] = [];
  const sys: ToolSys = {
    env: {},
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

describe('ensureSlurm', () => {
  it('uses the installed Slurm without running anything', () => {
    const { sys, ran } = machine(SLURM_BINARIES);
    expect(ensureSlurm(sys)).toEqual({ installed: false });
    expect(ran).toEqual([]);
  });

  it('as root: apt-get update, then one install of slurm-wlm and munge', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get'], { isRoot: true, installs: { 'apt-get install -y slurm-wlm munge': SLURM_BINARIES } });
    expect(ensureSlurm(sys)).toEqual({ installed: true });
    expect(ran).toEqual(['apt-get update', 'apt-get install -y slurm-wlm munge']);
  });

  it('not root: through sudo -n, never a password prompt', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get', '/usr/bin/sudo'], { installs: { 'sudo -n apt-get install -y slurm-wlm munge': SLURM_BINARIES } });
    expect(ensureSlurm(sys)).toEqual({ installed: true });
    expect(ran).toEqual(['sudo -n apt-get update', 'sudo -n apt-get install -y slurm-wlm munge']);
  });

  it('munge alone missing still installs; no way to install gives the one line', () => {
    const { sys } = machine(SLURM_BINARIES.filter((p) => !p.endsWith('munged')));
    expect(ensureSlurm(sys)).toEqual({ missing: SLURM_MISSING });
    const { sys: root, ran } = machine([...SLURM_BINARIES.slice(0, 3), '/usr/bin/apt-get'], {
      isRoot: true,
      installs: { 'apt-get install -y slurm-wlm munge': ['/usr/sbin/munged'] },
    });
    expect(ensureSlurm(root)).toEqual({ installed: true });
    expect(ran).toHaveLength(2);
  });
});

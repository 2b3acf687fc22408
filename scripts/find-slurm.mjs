// Debian's Slurm and munge, which the Slurm example's test runs as a one-node
// cluster (scripts/slurm-single-node.sh): found, else installed as the machine
// allows (apt as root or with password-less sudo, like find-dciodvfy.mjs).
// Pure over the calls it is given, so the unit test fakes a machine.
import { aptInstall } from './find-dciodvfy.mjs';

/** What the test needs: the client, both daemons and munge. */
export const SLURM_BINARIES = ['/usr/bin/sbatch', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged'];
export const SLURM_MISSING =
  'Slurm or munge is missing and could not be installed: run "sudo apt-get install -y slurm-wlm munge"; the Slurm example test fails without them';

/** { installed } or { missing: message }. */
export function ensureSlurm(sys) {
  const present = () => SLURM_BINARIES.every((p) => sys.exists(p));
  if (present()) return { installed: false };
  const steps = aptInstall('slurm-wlm', sys);
  // One apt-get install for both packages.
  steps?.at(-1).args.push('munge');
  if (steps && steps.every((s) => sys.run(s.cmd, s.args) === 0) && present()) return { installed: true };
  return { missing: SLURM_MISSING };
}

// Debian's DICOM validator (dicom3tools' dciodvfy), which the Secondary Capture
// tests run: found, else installed as the machine allows (apt as root or with
// password-less sudo, as find-chromium.mjs does for the browser). Pure over the
// calls it is given, so the unit test fakes a machine.

export const DCIODVFY = '/usr/bin/dciodvfy';
export const DCIODVFY_MISSING =
  'dciodvfy (dicom3tools) is missing and could not be installed: run "sudo apt-get install -y dicom3tools"; the DICOM export tests fail without it';

/** apt as root, or through sudo -n (never a password prompt); none without apt-get. */
export function aptInstall(pkg, { isRoot, exists }) {
  if (!exists('/usr/bin/apt-get') || !(isRoot || exists('/usr/bin/sudo'))) return null;
  const apt = (args) => (isRoot ? { cmd: 'apt-get', args } : { cmd: 'sudo', args: ['-n', 'apt-get', ...args] });
  return [apt(['update']), apt(['install', '-y', pkg])];
}

/** { path, installed } or { path: null, message }. */
export function ensureDciodvfy(sys) {
  const path = sys.env.DCIODVFY_PATH || DCIODVFY;
  if (sys.exists(path)) return { path, installed: false };
  const steps = sys.env.DCIODVFY_PATH ? null : aptInstall('dicom3tools', sys);
  if (steps && steps.every((s) => sys.run(s.cmd, s.args) === 0) && sys.exists(path)) return { path, installed: true };
  return { path: null, message: DCIODVFY_MISSING };
}

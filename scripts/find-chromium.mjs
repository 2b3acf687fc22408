// Which Chromium the e2e specs drive, and how `npm test` gets one on a fresh
// machine. Pure over the fs/env/process calls it is given, so the unit test
// can fake a machine without a browser.
import { join } from 'node:path';

/** Where a browser may already be, best first. */
export function candidates({ env, home, listDir }) {
  const out = [];
  if (env.CHROMIUM_PATH) out.push({ path: env.CHROMIUM_PATH, from: 'CHROMIUM_PATH' });
  out.push({ path: '/usr/bin/chromium', from: "Debian's chromium" });
  const dirs = (env.PATH ?? '').split(':').filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) for (const d of dirs) out.push({ path: join(d, name), from: `${name} on PATH` });
  out.push({ path: '/usr/bin/chromium-browser', from: 'chromium-browser' });
  // Playwright's cache: the newest revision first; the full browser before the headless shell.
  const cache = env.PLAYWRIGHT_BROWSERS_PATH || (home ? join(home, '.cache', 'ms-playwright') : '');
  if (cache) {
    const rev = (n) => Number(/-(\d+)$/.exec(n)?.[1] ?? 0);
    const entries = (listDir(cache) ?? []).slice().sort((a, b) => rev(b) - rev(a));
    for (const e of entries.filter((n) => /^chromium-\d+$/.test(n)))
      for (const sub of ['chrome-linux/chrome', 'chrome-linux64/chrome']) out.push({ path: join(cache, e, sub), from: "Playwright's cache" });
    for (const e of entries.filter((n) => /^chromium_headless_shell-\d+$/.test(n)))
      for (const sub of ['chrome-linux/headless_shell', 'chrome-headless-shell-linux64/chrome-headless-shell'])
        out.push({ path: join(cache, e, sub), from: "Playwright's cache" });
  }
  return out;
}

/** The first candidate that exists, or null. An explicit CHROMIUM_PATH that does not exist is not skipped silently. */
export function findChromium(sys) {
  for (const c of candidates(sys)) if (sys.exists(c.path)) return c;
  return null;
}

/** The ways this machine allows to install one, in order: apt as root or with password-less sudo, then Playwright's download. */
export function installPlan({ isRoot, exists }) {
  const plan = [];
  if (exists('/usr/bin/apt-get')) {
    const apt = (args) => (isRoot ? { cmd: 'apt-get', args } : { cmd: 'sudo', args: ['-n', 'apt-get', ...args] });
    if (isRoot || exists('/usr/bin/sudo')) plan.push({ label: 'apt-get install chromium', steps: [apt(['update']), apt(['install', '-y', 'chromium'])] });
  }
  plan.push({ label: 'playwright install chromium', steps: [{ cmd: 'npx', args: ['playwright-core', 'install', 'chromium'] }] });
  return plan;
}

export const MISSING =
  'e2e: no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, ~/.cache/ms-playwright) and none could be installed: ' +
  'run "sudo apt-get install -y chromium" or "npx playwright-core install chromium", or set CHROMIUM_PATH=/path/to/chromium';

/**
 * Finds a browser, else tries each install plan (stopping at the first after
 * which one is found). `run(cmd, args)` returns the exit status.
 * Returns { path, from, installed } or { path: null, message }.
 */
export function ensureChromium(sys) {
  if (sys.env.CHROMIUM_PATH && !sys.exists(sys.env.CHROMIUM_PATH))
    return { path: null, message: `e2e: CHROMIUM_PATH=${sys.env.CHROMIUM_PATH} does not exist: point it at a Chromium binary or unset it` };
  const found = findChromium(sys);
  if (found) return { ...found, installed: false };
  for (const p of installPlan(sys)) {
    if (!p.steps.every((s) => sys.run(s.cmd, s.args) === 0)) continue;
    const now = findChromium(sys);
    if (now) return { ...now, installed: true };
  }
  return { path: null, message: MISSING };
}

#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, build, e2e — and one closing line
// "N passed, N failed, N skipped" summed over both vitest runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './find-chromium.mjs';
import { ensureDciodvfy } from './find-dciodvfy.mjs';
import { ensureSlurm } from './find-slurm.mjs';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, 'test-results');
mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

/** Runs one command; a failure fails the run unless `attempt` (one of several ways to get a browser). */
function step(label, cmd, args, attempt = false) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`== ${label} ${attempt ? 'did not work' : 'FAILED'} (exit ${r.status ?? r.error?.message})\n`);
    if (!attempt) ok = false;
  }
  return r.status === 0;
}

function vitest(label, extra, report) {
  rmSync(report, { force: true });
  step(label, 'npx', ['vitest', 'run', ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    totals.failed++;
    return;
  }
  const j = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
}

// The e2e specs drive a Chromium: CHROMIUM_PATH, Debian's, chromium-browser or
// Playwright's cache; else installed the way the machine allows (apt as root or
// with password-less sudo, as .ci/run does; Playwright's download where it works).
const browser = ensureChromium({
  env: process.env,
  home: homedir(),
  isRoot: process.getuid?.() === 0,
  exists: existsSync,
  listDir: (d) => (existsSync(d) ? readdirSync(d) : null),
  run: (cmd, args) => (step('install chromium', cmd, args, true) ? 0 : 1),
});
if (browser.path) process.stdout.write(`\n== e2e browser: ${browser.path} (${browser.from}${browser.installed ? ', installed now' : ''})\n`);
// The DICOM export tests validate with Debian's dciodvfy; absent, they fail with the line below.
const validator = ensureDciodvfy({
  env: process.env,
  isRoot: process.getuid?.() === 0,
  exists: existsSync,
  run: (cmd, args) => (step('install dicom3tools', cmd, args, true) ? 0 : 1),
});
process.stdout.write(`\n== DICOM validator: ${validator.path ? `${validator.path}${validator.installed ? ' (installed now)' : ''}` : validator.message}\n`);
// The Slurm example's test runs a one-node cluster of Debian's slurm-wlm and munge; absent, it fails with the line below.
const slurm = ensureSlurm({
  env: process.env,
  isRoot: process.getuid?.() === 0,
  exists: existsSync,
  run: (cmd, args) => (step('install slurm-wlm and munge', cmd, args, true) ? 0 : 1),
});
process.stdout.write(`\n== Slurm: ${slurm.missing ?? (slurm.installed ? 'installed now' : 'present')}\n`);

step('typecheck', 'npx', ['tsc', '-b']);
step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
step('format', 'npx', ['prettier', '--check', '**/*.{ts,tsx,mjs,js,css}']);
step('import cycles', 'node', ['scripts/import-cycles.mjs']);
vitest('unit tests', [], join(tmp, 'unit.json'));
const built = step('build', 'npx', ['electron-vite', 'build']);
if (!browser.path) {
  // The e2e suite cannot start: it counts as failed, with one line saying what to run.
  process.stdout.write(`\n${browser.message}\n`);
  ok = false;
  totals.failed++;
} else if (built) {
  process.env.CHROMIUM_PATH = browser.path;
  vitest('e2e (Chromium, loopback host)', ['-c', 'vitest.e2e.config.ts'], join(tmp, 'e2e.json'));
} else totals.failed++;

process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok && totals.failed === 0 ? 0 : 1);

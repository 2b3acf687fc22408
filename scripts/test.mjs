#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, build, e2e — and one closing line
// "N passed, N failed, N skipped" summed over both vitest runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, 'test-results');
mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function step(label, cmd, args) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`== ${label} FAILED (exit ${r.status})\n`);
    ok = false;
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

// The e2e specs drive Debian's Chromium; a fresh machine gets it the way .ci/run does
// (Playwright's own browser download is not possible offline). Root, or sudo without a password.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM) && existsSync('/usr/bin/apt-get')) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (args) => (sudo.length ? step('install chromium', sudo[0], [...sudo.slice(1), 'apt-get', ...args]) : step('install chromium', 'apt-get', args));
  if (apt(['update'])) apt(['install', '-y', 'chromium']);
}

step('typecheck', 'npx', ['tsc', '-b']);
step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
step('format', 'npx', ['prettier', '--check', '**/*.{ts,tsx,mjs,js,css}']);
step('import cycles', 'node', ['scripts/import-cycles.mjs']);
vitest('unit tests', [], join(tmp, 'unit.json'));
if (step('build', 'npx', ['electron-vite', 'build'])) vitest('e2e (Chromium, loopback host)', ['-c', 'vitest.e2e.config.ts'], join(tmp, 'e2e.json'));
else totals.failed++;

process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok && totals.failed === 0 ? 0 : 1);

#!/usr/bin/env node
// `npm run test:e2e`: builds with electron-vite when out/ is missing or older
// than the sources it is built from, then runs the e2e specs.
// Extra arguments go to vitest: `npm run test:e2e -- -t Chromium`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'src-main',
  'src-preload',
  'src-renderer',
  'electron.vite.config.ts',
  'package.json',
  'tsconfig.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];
const OUTPUTS = ['out/main/index.js', 'out/main/engine-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
// Tests and scratch files are not part of any bundle: editing them needs no rebuild.
const SKIP = /(\.test\.tsx?|\.tmp\.ts)$/;

/** Newest mtime under `p` (file or directory), in ms. */
function newest(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return SKIP.test(p) ? 0 : st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    max = Math.max(max, newest(join(p, e.name)));
  }
  return max;
}

function run(cmd, args) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(cmd === 'npx' ? npx : cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.error) console.error(`e2e: ${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r.status ?? 1;
}

const outputs = OUTPUTS.map((p) => join(root, p));
const missing = outputs.filter((p) => !existsSync(p));
const builtAt = missing.length ? 0 : Math.min(...outputs.map((p) => statSync(p).mtimeMs));
const sourcesAt = Math.max(...SOURCES.map((p) => newest(join(root, p))));

if (missing.length || sourcesAt > builtAt) {
  console.log(
    missing.length ? `e2e: building (missing ${missing.map((p) => p.slice(root.length + 1)).join(', ')})` : 'e2e: building (sources newer than out/)',
  );
  const status = run('npx', ['electron-vite', 'build']);
  if (status !== 0) {
    console.error('e2e: build failed');
    process.exit(status);
  }
} else {
  console.log('e2e: out/ is up to date');
}

process.exit(run('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)]));

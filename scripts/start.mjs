#!/usr/bin/env node
// `npm start`: build, then open the desktop app on the demo. Where the
// Electron binary is absent (its download is blocked on some networks), the
// same renderer is served on the loopback host and its URL is printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;

if (!run('npx', ['electron-vite', 'build'])) process.exit(1);

function electronBinary() {
  try {
    const p = require('electron'); // the package exports the binary's path
    if (typeof p === 'string' && existsSync(p)) return p;
  } catch {
    /* binary missing: the package throws */
  }
  // npm 11 blocks install scripts by default (package.json allowScripts): fetch it now.
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  console.log('Fetching the Electron binary…');
  const got = spawnSync(process.execPath, [installer], { encoding: 'utf8' });
  if (got.status !== 0) {
    const why = `${got.stderr}`.split('\n').find((l) => /Error/.test(l)) ?? `exit ${got.status}`;
    console.log(`Electron download failed: ${why.trim()}`);
  } else {
    try {
      delete require.cache[require.resolve('electron')];
      const p = require('electron');
      if (typeof p === 'string' && existsSync(p)) return p;
    } catch {
      /* still absent */
    }
  }
  return null;
}

const bin = electronBinary();
if (bin) {
  const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary unavailable: serving the same app on the loopback host instead.');
  const child = spawn(process.execPath, [join(root, 'bin', 'saliency-studio.mjs'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

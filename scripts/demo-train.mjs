#!/usr/bin/env node
// `npm run demo:train`: rebuilds resources/demo/ (digits, chest phantom, BIM pair and chest-marker pair,
// sidecars and samples) from the seeded trainers in scripts/demo/. Each trainer
// runs in its own process so a failure names the step and backends start fresh.
// Extra arguments pick trainers: `npm run demo:train -- chest`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TRAINERS = {
  digits: 'scripts/demo/train-digits.ts',
  chest: 'scripts/demo/train-chest.ts',
  bim: 'scripts/demo/train-bim.ts',
  'chest-marker': 'scripts/demo/train-chest-marker.ts',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in TRAINERS));
if (unknown.length) {
  console.error(`demo-train: unknown trainer(s) ${unknown.join(', ')}; choose from ${Object.keys(TRAINERS).join(', ')}`);
  process.exit(2);
}

const t0 = Date.now();
for (const name of wanted.length ? wanted : Object.keys(TRAINERS)) {
  const started = Date.now();
  console.log(`\n== demo-train: ${name} (${TRAINERS[name]})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', TRAINERS[name]], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo-train: ${name} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
    process.exit(1);
  }
  console.log(`== demo-train: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
console.log(`\ndemo-train: all done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

// Lists kernels that gradient/training workloads need and the wasm backend
// lacks. `npx tsx src-main/engine/kernels/find-missing.ts` checks with our
// kernels registered; add `--bare` to see what stock tfjs-backend-wasm lacks.
import { StudioError } from '../../api/errors';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../backend';
import { runProbes } from './probes';

async function main(): Promise<void> {
  const bare = process.argv.includes('--bare');
  if (bare) {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    if (!(await tf.setBackend('wasm'))) throw new StudioError('backend-failed', 'wasm backend failed to initialise');
  } else {
    const s = await initBackend({ prefer: 'wasm' });
    console.log(`registered: ${s.addedKernels.join(', ') || '(none)'}`);
  }
  const before = tf.memory().numTensors;
  const { missing, failed } = await runProbes();
  for (const [k, probes] of missing) console.log(`MISSING ${k}  <- ${probes.join('; ')}`);
  for (const [p, msg] of failed) console.log(`FAILED  ${p}: ${msg}`);
  if (missing.size === 0 && failed.size === 0) console.log('all probes passed');
  console.log(`tensors: ${before} -> ${tf.memory().numTensors}`);
}

void main();

// One describe per tfjs backend, as tfjs' describeWithFlags(ALL_ENVS): each block
// switches to its backend in beforeAll and puts back the one before it in afterAll,
// so the other tests of a file stay on theirs. Only backends this machine has run;
// one asked for but absent shows as a skipped block, with the reason.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe } from 'vitest';
import { initBackend } from '../engine/backend';

/** tfjs backend names: 'tensorflow' is tfjs-node's (the CPU or the CUDA package). */
export type TestBackend = 'wasm' | 'cpu' | 'tensorflow';

const NATIVE = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** The native package that resolves here, or the reason none does (it is an optional dependency). */
function nativePackage(): { pkg?: string; why?: string } {
  const require = createRequire(import.meta.url);
  for (const pkg of NATIVE) {
    try {
      require.resolve(pkg);
      return { pkg };
    } catch {
      // not installed: try the next one
    }
  }
  return { why: `${NATIVE.join(' / ')} not installed` };
}

const native = nativePackage();

/** Every backend these tests can run on here, the reference (cpu) last. */
export const AVAILABLE_BACKENDS: readonly TestBackend[] = native.pkg ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];

/** Makes `name` the current backend; wasm through the engine's own start (its added and replaced kernels). */
export async function useBackend(name: TestBackend): Promise<void> {
  if (name === 'wasm') await initBackend({ prefer: 'wasm' });
  // The name is computed: tsc and vite must not resolve a package that is legitimately absent.
  if (name === 'tensorflow' && native.pkg) await import(/* @vite-ignore */ native.pkg);
  // initBackend returns early when it already chose this rung, even if a test switched away since.
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to initialise`);
  await tf.ready();
}

/**
 * `describe(name [backend])` for each of `backends` available here, `fn` given the backend;
 * a requested backend that is absent is a skipped block saying why.
 */
export function describeEachBackend(backends: readonly TestBackend[], name: string, fn: (backend: TestBackend) => void): void {
  for (const backend of backends) {
    if (!AVAILABLE_BACKENDS.includes(backend)) {
      describe.skip(`${name} [${backend}: ${native.why ?? 'unavailable'}]`, () => fn(backend));
      continue;
    }
    describe(`${name} [${backend}]`, () => {
      let previous: string | null = null;
      beforeAll(async () => {
        // The field, not tf.getBackend(), which would start the best backend when none is set.
        previous = tf.engine().backendName;
        await useBackend(backend);
      });
      afterAll(async () => {
        if (previous && previous !== backend) await useBackend(previous as TestBackend);
      });
      fn(backend);
    });
  }
}

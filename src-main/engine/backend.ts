// The backend ladder, chosen once per process: tensorflow-gpu -> tensorflow ->
// wasm -> cpu. Native packages are optional dependencies; each rung that cannot
// load records why, so `info` and the window can say what happened.
import { StudioError } from '../api/errors';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName, BackendRung, EngineInfo } from '../api/types';
import { registerMissingWasmKernels } from './kernels';
import { replaceStockWasmKernels } from './kernels/replacements';
import { PIXEL_LIMIT, SAMPLE_LIMIT } from '../io/limits';
import { setThreadedWasmBackend, wasmThreadsFromEnv } from './wasm-threads';

const require = createRequire(import.meta.url);

export interface BackendState {
  backend: BackendName;
  ladder: BackendRung[];
  addedKernels: string[];
  /** Stock wasm kernels swapped for ours (wrong or too slow; see kernels/replacements.ts). */
  replacedKernels: string[];
}

let state: BackendState | null = null;
// Registration happens once per process; a later switch back to wasm (the
// bench compares backends) still reports what this process registered.
const wasmAdded: string[] = [];
const wasmReplaced: string[] = [];
let pending: Promise<BackendState> | null = null;

const ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 200);
}

async function tryNative(pkg: string): Promise<void> {
  // The name is computed so bundlers and tsc do not try to resolve a package
  // that is legitimately absent where libtensorflow cannot be downloaded.
  const name = pkg;
  try {
    await import(/* @vite-ignore */ name);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new StudioError(
        'missing-package',
        `${pkg} is not installed (an optional dependency: its install downloads libtensorflow, which failed or was skipped here)`,
      );
    }
    throw new StudioError('backend-failed', `${pkg} is installed but failed to load: ${oneLine(e)}`);
  }
  const ok = await tf.setBackend('tensorflow');
  if (!ok) throw new StudioError('backend-failed', `${pkg} loaded but the tensorflow backend failed to initialise`);
}

async function tryWasm(): Promise<void> {
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  setWasmPaths(dist + '/');
  // Opt-in threaded SIMD build (SALIENCY_WASM_THREADS=N, see wasm-threads.ts); the stock build when it cannot start.
  const threads = wasmThreadsFromEnv();
  if (threads > 1 && (await setThreadedWasmBackend(threads))) return;
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new StudioError('backend-failed', 'the wasm backend failed to initialise');
}

export interface InitOptions {
  /** Force a rung (tests and the bench compare backends in one run). */
  prefer?: BackendName;
}

/** Parses SALIENCY_BACKEND so a user can pin a rung without code changes. */
function envPreference(): BackendName | undefined {
  const v = process.env.SALIENCY_BACKEND;
  return v && (ORDER as string[]).includes(v) ? (v as BackendName) : undefined;
}

export async function initBackend(opts: InitOptions = {}): Promise<BackendState> {
  const prefer = opts.prefer ?? envPreference();
  if (state && (!prefer || state.backend === prefer)) return state;
  if (pending && !prefer) return pending;
  const run = async (): Promise<BackendState> => {
    const ladder: BackendRung[] = [];
    let chosen: BackendName | null = null;
    const start = prefer ? ORDER.indexOf(prefer) : 0;
    for (let i = 0; i < ORDER.length; i++) {
      const name = ORDER[i];
      if (i < start) {
        ladder.push({ name, skipped: `not tried: ${prefer} was requested` });
        continue;
      }
      if (chosen) {
        ladder.push({ name });
        continue;
      }
      try {
        if (name === 'tensorflow-gpu') await tryNative('@tensorflow/tfjs-node-gpu');
        else if (name === 'tensorflow') await tryNative('@tensorflow/tfjs-node');
        else if (name === 'wasm') await tryWasm();
        else if (!(await tf.setBackend('cpu'))) throw new StudioError('backend-failed', 'cpu backend failed');
        chosen = name;
        ladder.push({ name });
      } catch (err) {
        ladder.push({ name, skipped: oneLine(err) });
      }
    }
    if (!chosen) throw new StudioError('backend-failed', 'no tfjs backend could be initialised');
    await tf.ready();
    if (chosen === 'wasm') {
      wasmAdded.push(...registerMissingWasmKernels());
      wasmReplaced.push(...replaceStockWasmKernels());
    }
    const addedKernels = chosen === 'wasm' ? [...wasmAdded] : [];
    const replacedKernels = chosen === 'wasm' ? [...wasmReplaced] : [];
    state = { backend: chosen, ladder, addedKernels, replacedKernels };
    return state;
  };
  pending = run();
  try {
    return await pending;
  } finally {
    pending = null;
  }
}

export function backendInfo(s: BackendState): EngineInfo {
  return {
    backend: s.backend,
    ladder: s.ladder,
    tfjsVersion: tf.version.tfjs,
    addedKernels: s.addedKernels,
    replacedKernels: s.replacedKernels,
    pixelLimit: PIXEL_LIMIT,
    sampleLimit: SAMPLE_LIMIT,
  };
}

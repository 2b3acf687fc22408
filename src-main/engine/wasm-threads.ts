// Opt-in (SALIENCY_WASM_THREADS=N): tfjs' threaded SIMD wasm build under Node.
//
// tfjs turns it off in Node (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE,
// tfjs#3830). The emscripten pthread glue itself has a Node path (it sets the
// global Worker to worker_threads.Worker); what breaks is what tfjs' init()
// hands it, made for browsers:
//  1. the pthread worker script as a blob: URL (locateFile('*.worker.js') →
//     URL.createObjectURL), which worker_threads refuses: ERR_WORKER_PATH
//     "…must be an absolute path or a relative path…". Received "blob:nodedata:…";
//  2. the main script as a Blob (mainScriptUrlOrBlob) holding the bundled
//     factory's source; the worker importScripts() it with fs.readFileSync, and
//     that source names rollup's closure variables (require$$0, commonjsGlobal…);
//  3. the C side caps the pool at emscripten_num_logical_cores() / 2 (it assumes
//     two SMT threads per core), read once from os.cpus() as the module starts:
//     on a 2-core machine that is 1 thread whatever setThreadsCount says.
// So while the backend initialises, a stand-in global Worker starts the same
// worker source (evaluated) and points its 'load' message at the unbundled
// emscripten glue of the same build (wasm-out/, same wasm imports), and os.cpus()
// reports 2N entries. Both are put back once the backend is up: tfjs creates its
// one thread pool (N - 1 workers beside the calling thread) in the backend's
// constructor, and no thread is started after that.
// Opt-in, not the default: on 2 cores it speeds Darknet-tiny forward passes
// ~1.4x but not gradients (~1.0x: the many small elementwise kernels of a
// backward pass each pay a thread hand-off), and loses when the cores are busy
// (scripts/bench-wasm-threads.ts, bench-results/wasm-threads.json).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker as NodeWorker, type TransferListItem } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
/** CJS module object: the glue reads os.cpus through it, so patching it reaches the glue. */
const os = require('node:os') as typeof import('node:os');

/** The shim depends on this version's glue (message shapes, file names); another version gets the stock build. */
export const SHIMMED_TFJS_WASM = '4.22.0';
/** The glue's PTHREAD_POOL_SIZE and the C side's max_num_threads. */
export const MAX_WASM_THREADS = 8;

/** SALIENCY_WASM_THREADS as a thread count: 1 (stock build) unless an integer >= 2, capped by the pool and the cores. */
export function wasmThreadsFromEnv(v = process.env.SALIENCY_WASM_THREADS, cores = os.availableParallelism()): number {
  const n = v && /^\d+$/.test(v.trim()) ? Number(v) : 1;
  return Math.max(1, Math.min(n, MAX_WASM_THREADS, cores));
}

interface GlueFiles {
  version: string;
  glue: string;
  workerModule: string;
}

function glueFiles(pkgDir: string): GlueFiles {
  const version = (require(join(pkgDir, 'package.json')) as { version: string }).version;
  const out = join(pkgDir, 'wasm-out');
  return { version, glue: join(out, 'tfjs-backend-wasm-threaded-simd.js'), workerModule: join(out, 'tfjs-backend-wasm-threaded-simd.worker.js') };
}

function pthreadWorkerClass(files: GlueFiles): typeof NodeWorker {
  const { wasmWorkerContents } = require(files.workerModule) as { wasmWorkerContents: string };
  // As tfjs does before making its Blob: the "\n" escapes inside the source's
  // string literals became real newlines when the template literal was read.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  return class PthreadWorker extends NodeWorker {
    constructor(url: string) {
      super(source, { eval: true });
      if (typeof url === 'string' && url.startsWith('blob:')) URL.revokeObjectURL(url);
    }
    override postMessage(msg: unknown, transfer?: readonly TransferListItem[]): void {
      const m = msg as { cmd?: string; urlOrBlob?: unknown } | null;
      // The worker evaluates `urlOrBlob` with fs.readFileSync: give it a file, not tfjs' Blob.
      super.postMessage(m?.cmd === 'load' && typeof m.urlOrBlob !== 'string' ? { ...m, urlOrBlob: files.glue } : msg, transfer);
    }
  };
}

/** Runs `init` with the stand-in Worker and 2N logical cores in place, and puts both back. */
async function withShim<T>(threads: number, Worker: typeof NodeWorker, init: () => Promise<T>): Promise<T> {
  const prev = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const cpus = os.cpus;
  // The glue assigns worker_threads.Worker to the global as it starts: ignore that.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => Worker, set: () => {} });
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  try {
    return await init();
  } finally {
    os.cpus = cpus;
    if (prev) Object.defineProperty(globalThis, 'Worker', prev);
    else delete (globalThis as { Worker?: unknown }).Worker;
  }
}

interface PThreadPool {
  runningWorkers: NodeWorker[];
  unusedWorkers: NodeWorker[];
}

/**
 * After init: the pool's threads sleep between kernels and work only while the
 * calling thread blocks inside one, so they need not keep the process alive
 * (the glue refs a running pthread: a script that does not call process.exit
 * would never end). The glue pre-starts 8 workers; those the pool did not take
 * are never used and hold ~50 MiB.
 */
function trimPool(): void {
  const pool = (tf.backend() as unknown as { wasm?: { PThread?: PThreadPool } }).wasm?.PThread;
  if (!pool) return;
  for (const w of pool.runningWorkers) w.unref();
  for (const w of pool.unusedWorkers.splice(0)) void w.terminate();
}

/**
 * Initialises the 'wasm' backend from the threaded SIMD build with `threads`
 * threads (setWasmPaths already called). Returns false, with a warning saying
 * why, when it cannot: the caller then initialises the stock build.
 */
export async function setThreadedWasmBackend(
  threads: number,
  pkgDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
): Promise<boolean> {
  const refuse = (why: string): false => {
    process.emitWarning(`SALIENCY_WASM_THREADS=${threads} ignored, using the single-threaded wasm build: ${why}`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return false;
  };
  let files: GlueFiles;
  let Worker: typeof NodeWorker;
  try {
    files = glueFiles(pkgDir);
    if (files.version !== SHIMMED_TFJS_WASM) return refuse(`the shim is written for tfjs-backend-wasm ${SHIMMED_TFJS_WASM}, found ${files.version}`);
    Worker = pthreadWorkerClass(files);
  } catch (e) {
    return refuse(`threaded glue not found (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const ok = await withShim(threads, Worker, () => tf.setBackend('wasm'));
  if (!ok) return refuse('the threaded build failed to initialise (tfjs logged why)');
  trimPool();
  const got = getThreadsCount();
  if (got !== threads) process.emitWarning(`SALIENCY_WASM_THREADS=${threads}: the wasm thread pool has ${got} threads`);
  return true;
}

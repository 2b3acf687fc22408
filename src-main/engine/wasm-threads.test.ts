import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from './backend';
import { PROJECT_ROOT } from '../testing/shared-data';
import { MAX_WASM_THREADS, SHIMMED_TFJS_WASM, setThreadedWasmBackend, wasmThreadsFromEnv } from './wasm-threads';

const require = createRequire(import.meta.url);

describe('wasmThreadsFromEnv', () => {
  it('is 1 (the stock build) unless an integer >= 2, and is capped by the pool and the cores', () => {
    expect(wasmThreadsFromEnv(undefined, 4)).toBe(1);
    expect(wasmThreadsFromEnv('', 4)).toBe(1);
    expect(wasmThreadsFromEnv('0', 4)).toBe(1);
    expect(wasmThreadsFromEnv('two', 4)).toBe(1);
    expect(wasmThreadsFromEnv('2.5', 4)).toBe(1);
    expect(wasmThreadsFromEnv('2', 4)).toBe(2);
    expect(wasmThreadsFromEnv(' 3 ', 4)).toBe(3);
    expect(wasmThreadsFromEnv('2', 1)).toBe(1);
    expect(wasmThreadsFromEnv('16', 32)).toBe(MAX_WASM_THREADS);
  });
});

describe('setThreadedWasmBackend refusals (checked before tfjs is touched)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fakePackage = (version: string): string => {
    const d = mkdtempSync(join(tmpdir(), 'wasm-threads-'));
    dirs.push(d);
    writeFileSync(join(d, 'package.json'), JSON.stringify({ version }));
    return d;
  };

  it('refuses another tfjs-backend-wasm version, with a warning, and leaves the backend alone', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const before = tf.getBackend();
    expect(await setThreadedWasmBackend(2, fakePackage('4.21.0'))).toBe(false);
    expect(String(warn.mock.calls[0][0])).toContain(`written for tfjs-backend-wasm ${SHIMMED_TFJS_WASM}, found 4.21.0`);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    expect(tf.getBackend()).toBe(before);
    warn.mockRestore();
  });

  it('refuses when the threaded glue is absent', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    expect(await setThreadedWasmBackend(2, fakePackage(SHIMMED_TFJS_WASM))).toBe(false);
    expect(String(warn.mock.calls[0][0])).toContain('threaded glue not found');
    warn.mockRestore();
  });
});

describe('SALIENCY_WASM_THREADS=2 through initBackend', () => {
  it('runs the threaded build in Node with the pool it asked for, the same numbers as the cpu backend, and puts the globals back', async () => {
    // References on the cpu backend first (the backend is chosen once per process).
    await tf.setBackend('cpu');
    const x = tf.randomUniform([2, 40, 40, 8], -1, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomUniform([3, 3, 8, 16], -1, 1, 'float32', 4) as tf.Tensor4D;
    const a = tf.randomUniform([96, 128], -1, 1, 'float32', 5) as tf.Tensor2D;
    const b = tf.randomUniform([128, 64], -1, 1, 'float32', 6) as tf.Tensor2D;
    const data = { x: x.dataSync(), w: w.dataSync(), a: a.dataSync(), b: b.dataSync() };
    const convRef = tf.conv2d(x, w, 1, 'same').dataSync();
    const mmRef = tf.matMul(a, b).dataSync();
    tf.dispose([x, w, a, b]);

    const cpuCount = cpus().length;
    const env = process.env.SALIENCY_WASM_THREADS;
    process.env.SALIENCY_WASM_THREADS = '2';
    try {
      const s = await initBackend({ prefer: 'wasm' });
      expect(s.backend).toBe('wasm');
    } finally {
      if (env === undefined) delete process.env.SALIENCY_WASM_THREADS;
      else process.env.SALIENCY_WASM_THREADS = env;
    }
    // One core: the stock build (1 thread); otherwise the threaded build's pool has 2.
    expect(getThreadsCount()).toBe(Math.min(2, availableParallelism()));
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(availableParallelism() >= 2);
    // The stand-ins are gone: no global Worker in Node, os.cpus() the machine's again.
    expect((globalThis as { Worker?: unknown }).Worker).toBeUndefined();
    expect(cpus().length).toBe(cpuCount);
    if (availableParallelism() >= 2) {
      // The pool took one worker (beside this thread); the glue's 7 other pre-started ones are gone.
      const pool = (tf.backend() as unknown as { wasm: { PThread: { runningWorkers: unknown[]; unusedWorkers: unknown[] } } }).wasm.PThread;
      expect(pool.runningWorkers.length).toBe(1);
      expect(pool.unusedWorkers.length).toBe(0);
    }

    // Hand-computed: a 'valid' 3×3 conv of ones over 4 channels is 36 everywhere.
    const ones = tf.conv2d(tf.ones([1, 8, 8, 4]) as tf.Tensor4D, tf.ones([3, 3, 4, 2]) as tf.Tensor4D, 1, 'valid');
    expect(ones.shape).toEqual([1, 6, 6, 2]);
    expect([...ones.dataSync()].every((v) => v === 36)).toBe(true);

    const rel = (got: ArrayLike<number>, ref: ArrayLike<number>): number => {
      let d = 0;
      let m = 0;
      for (let i = 0; i < ref.length; i++) {
        d = Math.max(d, Math.abs(got[i] - ref[i]));
        m = Math.max(m, Math.abs(ref[i]));
      }
      return d / m;
    };
    const conv = tf.conv2d(tf.tensor4d(data.x, [2, 40, 40, 8]), tf.tensor4d(data.w, [3, 3, 8, 16]), 1, 'same').dataSync();
    const mm = tf.matMul(tf.tensor2d(data.a, [96, 128]), tf.tensor2d(data.b, [128, 64])).dataSync();
    expect(conv.length).toBe(2 * 40 * 40 * 16);
    expect(rel(conv, convRef)).toBeLessThan(1e-5);
    expect(rel(mm, mmRef)).toBeLessThan(1e-5);
  });
});

describe('a process on the threaded build', () => {
  it('ends by itself after its work (the pool threads do not hold it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasm-threads-exit-'));
    try {
      const script = join(dir, 'run.mts');
      // Absolute URLs: the script sits outside the project, where bare names do not resolve.
      const url = (id: string): string => JSON.stringify(pathToFileURL(require.resolve(id)).href);
      const backend = JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src-main', 'engine', 'backend.ts')).href);
      writeFileSync(
        script,
        `import * as tf from ${url('@tensorflow/tfjs')};
import { getThreadsCount } from ${url('@tensorflow/tfjs-backend-wasm')};
const { initBackend } = await import(${backend});
await initBackend({ prefer: 'wasm' });
const y = tf.conv2d(tf.ones([1, 16, 16, 4]), tf.ones([3, 3, 4, 2]), 1, 'valid');
console.log('threads', getThreadsCount(), 'value', (await y.data())[0]);
`,
      );
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, SALIENCY_WASM_THREADS: '2' },
        timeout: 60_000,
        encoding: 'utf8',
      });
      expect(r.error).toBeUndefined(); // ETIMEDOUT when it hangs
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`threads ${Math.min(2, availableParallelism())} value 36`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Shared by the kernel tests: run a kernel on wasm and on the stock cpu backend
// from the same host data, and measure the difference and any tensor leak.
import * as tf from '@tensorflow/tfjs';

export interface HostTensor {
  shape: number[];
  values: Float32Array | Int32Array;
  dtype?: 'float32' | 'int32';
}

let state = 12345;
/** Deterministic uniform(-1, 1) data so failures reproduce; pass `seed` for a fixed stream. */
export function randHost(shape: number[], seed?: number): HostTensor {
  let s = seed ?? state;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    values[i] = (s / 2 ** 32) * 2 - 1;
  }
  if (seed === undefined) state = s;
  return { shape, values };
}

export interface RunResult {
  shape: number[];
  values: Float32Array | Int32Array;
  leaked: number;
}

/** Runs `kernel` on the current backend twice; `leaked` is the tensor-count growth from the second call. */
export function runOnce(kernel: string, inputs: Record<string, HostTensor>, attrs: object): RunResult {
  const ts: Record<string, tf.Tensor> = {};
  for (const [k, h] of Object.entries(inputs)) ts[k] = tf.tensor(h.values, h.shape, h.dtype ?? 'float32');
  const call = (): tf.Tensor => tf.engine().runKernel(kernel, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
  call().dispose(); // first call may set up per-kernel state
  const before = tf.memory().numTensors;
  const out = call();
  const values = out.dataSync() as Float32Array | Int32Array;
  const shape = out.shape.slice();
  out.dispose();
  const leaked = tf.memory().numTensors - before;
  tf.dispose(Object.values(ts));
  return { shape, values, leaked };
}

/** Evaluates `f` on the named backend and returns to wasm afterwards. */
export async function onBackend<T>(name: 'cpu' | 'wasm', f: () => T): Promise<T> {
  await tf.setBackend(name);
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Max |a-b| scaled by max(1, max|b|): absolute for small values, relative for large ones. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  let m = 1;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

export interface Comparison {
  wasm: RunResult;
  cpu: RunResult;
  diff: number;
}

/** The same kernel call on wasm (ours or stock) and on cpu (the reference). */
export async function compareWithCpu(kernel: string, inputs: Record<string, HostTensor>, attrs: object): Promise<Comparison> {
  const wasm = await onBackend('wasm', () => runOnce(kernel, inputs, attrs));
  const cpu = await onBackend('cpu', () => runOnce(kernel, inputs, attrs));
  return { wasm, cpu, diff: maxDiff(wasm.values, cpu.values) };
}

/** Largest difference seen per test file, printed at the end for the report. */
export const worst = new Map<string, number>();
export function record(group: string, diff: number): void {
  worst.set(group, Math.max(worst.get(group) ?? 0, diff));
}

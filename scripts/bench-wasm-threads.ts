// `npx tsx scripts/bench-wasm-threads.ts`: Darknet-tiny (224²) on the stock
// single-threaded SIMD wasm build against the threaded SIMD build with 2
// threads (SALIENCY_WASM_THREADS=2, src-main/engine/wasm-threads.ts): forward
// at batch 1 and 8, and one saliency gradient. The backend is chosen once per
// thread, so each variant runs in a fresh worker thread — where the engine runs
// tfjs — in rounds A B A B … (the machine is shared: a variant's figure is its
// best round's median). Checks the threaded logits and gradient equal the stock
// ones to 1e-5 relative, and writes bench-results/wasm-threads.json.
// QUICK=1: 3 runs and 1 round; ROUNDS=n sets the rounds (default 3).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src-main/engine/backend';
import { getMethod } from '../src-main/explainers/registry';
import { runMethod } from '../src-main/explainers/run';
import { loadModelFromPath } from '../src-main/model/load';
import { PROJECT_ROOT, SHARED_MODELS } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts, median } from './bench-util';

const RUNS = process.env.QUICK ? 3 : 7;
const ROUNDS = Number(process.env.ROUNDS ?? (process.env.QUICK ? 1 : 3));
const TOLERANCE = 1e-5;
const TARGET = 285; // Egyptian cat, as in the other Darknet benches
const VARIANTS = [
  { name: 'simd', threads: 1 },
  { name: 'threaded-simd', threads: 2 },
] as const;

interface Timing {
  backend: string;
  threads: number;
  initMs: number;
  forward1Ms: number;
  forward8Ms: number;
  saliencyMs: number;
}
interface Outputs {
  logits1: Float32Array;
  logits8: Float32Array;
  saliency: Float32Array;
}
type TimedKey = keyof Omit<Timing, 'backend' | 'threads'>;
type Reply = { ok: true; timing: Timing; outputs: Outputs } | { ok: false; error: string };

/** In a worker: one variant, start to end, with the backend the worker's SALIENCY_WASM_THREADS picks. */
async function measure(): Promise<Reply> {
  const t0 = performance.now();
  const state = await initBackend({ prefer: 'wasm' });
  const initMs = performance.now() - t0;
  const { classifier: c } = await loadModelFromPath(SHARED_MODELS.darknet);
  const shape = (n: number): [number, number, number, number] => [n, c.inputHeight, c.inputWidth, c.inputChannels];
  const x1 = tf.randomUniform(shape(1), 0, 1, 'float32', 1) as tf.Tensor4D;
  const x8 = tf.randomUniform(shape(8), 0, 1, 'float32', 8) as tf.Tensor4D;
  const logits = async (x: tf.Tensor4D): Promise<Float32Array> => {
    const y = c.logits(x);
    const v = (await y.data()) as Float32Array;
    y.dispose();
    return v;
  };
  const saliency = async (): Promise<Float32Array> => (await runMethod({ method: getMethod('saliency'), model: c, input: x1, target: TARGET, params: {} })).map;
  const timing: Timing = {
    backend: state.backend,
    threads: getThreadsCount(),
    initMs,
    forward1Ms: await median(RUNS, async () => void (await logits(x1))),
    forward8Ms: await median(RUNS, async () => void (await logits(x8))),
    saliencyMs: await median(RUNS, async () => void (await saliency())),
  };
  const outputs = { logits1: await logits(x1), logits8: await logits(x8), saliency: await saliency() };
  tf.dispose([x1, x8]);
  c.dispose();
  return { ok: true, timing, outputs };
}

/** A fresh worker thread running this file as one variant (tsx registered inside it, as engine/worker-dev.mjs does). */
function runVariant(threads: number): Promise<Reply> {
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(import.meta.url)});`;
  const env: NodeJS.ProcessEnv = { ...process.env, SALIENCY_BACKEND: 'wasm', SALIENCY_WASM_THREADS: String(threads) };
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { variant: true }, env });
  return new Promise<Reply>((resolve) => {
    w.once('message', (r: Reply) => resolve(r));
    w.once('error', (e) => resolve({ ok: false, error: e instanceof Error ? e.message : String(e) }));
    w.once('exit', (code) => resolve({ ok: false, error: `worker exited (${code}) before reporting` }));
  }).finally(() => void w.terminate());
}

/** max |a − b| over max |a|: the difference relative to the reference's scale (elementwise relative error is meaningless near 0). */
function relToMax(a: Float32Array, b: Float32Array): { maxAbsDiff: number; relToMax: number } {
  if (a.length !== b.length) return { maxAbsDiff: Infinity, relToMax: Infinity };
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(a[i]));
  }
  return { maxAbsDiff: d, relToMax: m > 0 ? d / m : d };
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

async function main(): Promise<void> {
  if (!existsSync(SHARED_MODELS.darknet)) {
    console.log(`skipped: ${SHARED_MODELS.darknet} is absent`);
    return;
  }
  const machine = machineFacts();
  const rounds: { round: number; variant: string; timing?: Timing; error?: string }[] = [];
  const outputs = new Map<string, Outputs>();
  for (let r = 1; r <= ROUNDS; r++) {
    for (const v of VARIANTS) {
      const rep = await runVariant(v.threads);
      if (rep.ok) {
        rounds.push({ round: r, variant: v.name, timing: rep.timing });
        if (!outputs.has(v.name)) outputs.set(v.name, rep.outputs);
        const t = rep.timing;
        process.stderr.write(
          `round ${r} ${v.name}: ${t.threads} thread(s), init ${t.initMs.toFixed(0)} ms, forward@1 ${t.forward1Ms.toFixed(1)} ms, forward@8 ${t.forward8Ms.toFixed(1)} ms, saliency ${t.saliencyMs.toFixed(1)} ms\n`,
        );
      } else {
        rounds.push({ round: r, variant: v.name, error: rep.error });
        process.stderr.write(`round ${r} ${v.name}: FAILED ${rep.error}\n`);
      }
    }
  }
  const best = (name: string, key: TimedKey): number | null => {
    const ts = rounds.filter((x) => x.variant === name && x.timing).map((x) => x.timing![key]);
    return ts.length ? round1(Math.min(...ts)) : null;
  };
  type Row = { variant: string; threadsRequested: number; threads: number | null } & Record<TimedKey, number | null>;
  const summary: Row[] = VARIANTS.map((v) => ({
    variant: v.name,
    threadsRequested: v.threads,
    threads: rounds.find((x) => x.variant === v.name && x.timing)?.timing?.threads ?? null,
    initMs: best(v.name, 'initMs'),
    forward1Ms: best(v.name, 'forward1Ms'),
    forward8Ms: best(v.name, 'forward8Ms'),
    saliencyMs: best(v.name, 'saliencyMs'),
  }));
  const a = outputs.get('simd');
  const b = outputs.get('threaded-simd');
  const threadedRan = summary[1].threads === 2;
  let check: Record<string, unknown> = { tolerance: TOLERANCE, pass: false, why: 'the threaded variant did not run with 2 threads' };
  if (a && b && threadedRan) {
    const parts = { logits1: relToMax(a.logits1, b.logits1), logits8: relToMax(a.logits8, b.logits8), saliency: relToMax(a.saliency, b.saliency) };
    const pass = Object.values(parts).every((p) => p.relToMax <= TOLERANCE);
    check = { tolerance: TOLERANCE, measure: 'max|a-b| / max|a| (a: stock simd)', ...parts, pass };
  }
  const speedup = (k: TimedKey): number | null => {
    const s = summary[0][k];
    const t = summary[1][k];
    return s != null && t != null && threadedRan ? Math.round((s / t) * 100) / 100 : null;
  };
  const result = {
    commit: gitCommit(),
    machine: { ...machine, load1After: Number(machineFacts().load1), availableParallelism: availableParallelism() },
    model: 'ml5_darknet_tiny_imagenet (224×224×3)',
    runs: RUNS,
    rounds: ROUNDS,
    note: 'each figure: the best round of the median of `runs` timed calls after one warm-up; each variant in a fresh worker thread',
    summary,
    speedupStockOverThreaded: { forward1: speedup('forward1Ms'), forward8: speedup('forward8Ms'), saliency: speedup('saliencyMs') },
    check,
    perRound: rounds,
  };
  mkdirSync(`${PROJECT_ROOT}/bench-results`, { recursive: true });
  writeFileSync(`${PROJECT_ROOT}/bench-results/wasm-threads.json`, JSON.stringify(result, null, 2) + '\n');
  console.log('| variant | threads | init ms | forward@1 ms | forward@8 ms | saliency ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const s of summary) console.log(`| ${s.variant} | ${s.threads ?? '—'} | ${s.initMs} | ${s.forward1Ms} | ${s.forward8Ms} | ${s.saliencyMs} |`);
  console.log(`speed-up (stock / threaded): ${JSON.stringify(result.speedupStockOverThreaded)}`);
  console.log(`check (${TOLERANCE} relative): ${JSON.stringify(check)}`);
}

if (isMainThread) {
  await main();
  process.exit(0);
} else if ((workerData as { variant?: boolean } | null)?.variant) {
  const reply = await measure().catch((e: unknown): Reply => ({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  parentPort!.postMessage(reply);
}

// Shared by the benches: medians after warm-up, the clock that reads a batched
// method's progress, the plan that keeps a slow cell within its time budget,
// machine facts, and the Darknet-tiny preamble of the single-model benches.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, ParamValues } from '../src-main/api/types';
import { initBackend } from '../src-main/engine/backend';
import { getMethod } from '../src-main/explainers/registry';
import { runMethod } from '../src-main/explainers/run';
import type { CancelSignal } from '../src-main/explainers/types';
import type { Classifier } from '../src-main/model/classifier';
import { loadModelFromPath } from '../src-main/model/load';
import { PROJECT_ROOT, SHARED_MODELS } from '../src-main/testing/shared-data';

export const mid = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median of `runs` timed calls after `warmup` untimed ones (kernel setup, weight upload, allocator growth). */
export async function median(runs: number, fn: () => Promise<void>, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return mid(t);
}

/** Thrown by a StopAfter signal: the run was cut short on purpose. */
export class Stopped extends Error {}

/**
 * Records (items done, time) at every progress report of a batched run, and
 * optionally stops the run once `stopAt` items are done (a method checks its
 * signal between batches, so the stop lands on a batch boundary).
 */
export class ProgressClock implements CancelSignal {
  readonly marks: { done: number; t: number }[] = [];
  readonly t0 = performance.now();
  constructor(private readonly stopAt = Infinity) {}
  readonly cancelled = false;
  progress = (done: number): void => void this.marks.push({ done, t: performance.now() - this.t0 });
  check(): void {
    const last = this.marks[this.marks.length - 1];
    if (last && last.done >= this.stopAt) throw new Stopped();
  }
  /**
   * ms per item over the full batches after the first (which carries set-up and
   * warm-up; a short last batch carries a whole batch's fixed cost), or null
   * when there are not two full batches.
   */
  slope(): number | null {
    const m = this.marks.slice();
    if (m.length >= 2 && m[m.length - 1].done - m[m.length - 2].done < m[0].done) m.pop();
    if (m.length < 2 || m[m.length - 1].done <= m[0].done) return null;
    return (m[m.length - 1].t - m[0].t) / (m[m.length - 1].done - m[0].done);
  }
}

export interface Plan {
  /** Workload measured (samples, steps, passes) and the method's full workload. */
  size: number;
  full: number;
  batch: number;
  runs: number;
  reduced: boolean;
}

/**
 * What to measure of a method whose cost is ~`unitMs` per workload item: the
 * full workload `runs` times when that fits `budgetMs`; otherwise the largest
 * whole number of batches (at least two, so the per-item slope is measured)
 * that fits, with fewer runs when even two batches do not fit `runs` times,
 * and smaller batches when two batches do not fit once.
 */
export function plan(full: number, batch: number, unitMs: number, runs: number, budgetMs: number): Plan {
  if (full * unitMs * runs <= budgetMs) return { size: full, full, batch, runs, reduced: false };
  const b = Math.max(1, Math.min(batch, Math.floor(budgetMs / (2 * unitMs))));
  const batches = Math.max(2, Math.floor(budgetMs / (runs * unitMs * b)));
  const size = Math.min(full, batches * b);
  const r = Math.max(1, Math.min(runs, Math.floor(budgetMs / (size * unitMs))));
  return { size, full, batch: b, runs: r, reduced: size < full };
}

/** The full run's time from a reduced one: its own time plus the remaining items at the measured per-item slope. */
export const extrapolate = (ms: number, size: number, full: number, slope: number): number => ms + (full - size) * slope;

/** The first native backend whose package resolves here (tfjs-node-gpu before tfjs-node), else none. */
export function nativeBackends(resolve: (id: string) => string): BackendName[] {
  for (const [pkg, name] of [
    ['@tensorflow/tfjs-node-gpu', 'tensorflow-gpu'],
    ['@tensorflow/tfjs-node', 'tensorflow'],
  ] as const) {
    try {
      resolve(pkg);
      return [name]; // both register the same 'tensorflow' backend: one per process
    } catch {
      /* absent: the usual case here */
    }
  }
  return [];
}

export function gitCommit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'nogit';
  }
}

export function machineFacts(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    tfjs: tf.version.tfjs,
    load1: Number(loadavg()[0].toFixed(2)),
  };
}

export function machineLine(runs: number): string {
  const m = machineFacts();
  return `machine: ${m.cores}× ${m.cpu}, ${m.memoryGiB} GiB, load ${m.load1}, node ${m.node}, tfjs ${m.tfjs}, backend ${tf.getBackend()}, ${runs} runs (median)`;
}

/** A timed registry method run on one model and input (layer null = the automatic CAM layer). */
export const explainRun =
  (id: string, model: Classifier, input: tf.Tensor4D, target: number, given: ParamValues, layer: string | null = null) =>
  async (): Promise<void> => {
    await runMethod({ method: getMethod(id), model, input, target, layer, params: given });
  };

/** Plain batched work: `total` items, `batch` per pass, scores read once at the end (as the methods do). */
export const plainBatched = (total: number, batch: number, pass: (n: number) => tf.Tensor) => async (): Promise<void> => {
  const parts: tf.Tensor[] = [];
  for (let s = 0; s < total; s += batch) parts.push(tf.tidy(() => pass(Math.min(batch, total - s)).sum(1)));
  const all = tf.concat(parts);
  await all.data();
  tf.dispose([...parts, all]);
};

/** The single-model benches' preamble: Darknet-tiny on wasm with a seeded 224² input, or null (and a line) when absent. */
export async function darknetOnWasm(): Promise<{ c: Classifier; x: tf.Tensor4D } | null> {
  if (!existsSync(SHARED_MODELS.darknet)) {
    console.log(`skipped: ${SHARED_MODELS.darknet} is absent`);
    return null;
  }
  await initBackend({ prefer: 'wasm' });
  const { classifier: c } = await loadModelFromPath(SHARED_MODELS.darknet);
  const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
  return { c, x };
}

// `npm run bench` (first script): per backend × model, the median time of
// forward, saliency, Grad-CAM, IG-50, Score-CAM, RISE-4000, LIME-1000 and
// deletion+insertion, with ratios measured in the same run against one forward
// pass and against the cpu backend, the perturbation methods' throughput
// against plain batched forward passes, and the targets marked. One markdown
// table on stdout; everything as JSON in bench-results/bench-<date>-<sha>.json.
// Each cell keeps to a time budget (CELL_MS): a workload that does not fit is
// stopped at a batch boundary and extrapolated, and the table says so (†).
// RUNS=n (default 5), CELL_MS=ms (default 12000), QUICK=1 (3 runs, 2000 ms);
// BACKENDS=wasm,cpu and MODELS=<substring> re-measure a part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, ParamValues } from '../src-main/api/types';
import { initBackend } from '../src-main/engine/backend';
import { batchScore } from '../src-main/explainers/baselines';
import { scoreInBatches } from '../src-main/explainers/batches';
import { getMethod } from '../src-main/explainers/registry';
import { runMethod } from '../src-main/explainers/run';
import { deletionInsertion } from '../src-main/metrics/deletion-insertion';
import { autoCamLayer } from '../src-main/model/split';
import { PROJECT_ROOT } from '../src-main/testing/shared-data';
import { BENCH_MODELS, type BenchModel } from './bench-models';
import { gitCommit, machineFacts, median, mid, nativeBackends, plan, ProgressClock, Stopped, extrapolate } from './bench-util';
import { FOOTNOTES, type Kind, markdown, type Row, score } from './bench-table';

const QUICK = !!process.env.QUICK;
const RUNS = Number(process.env.RUNS ?? (QUICK ? 3 : 5));
const CELL_MS = Number(process.env.CELL_MS ?? (QUICK ? 2000 : 12_000));
const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** One batched run: full workload `full`, `batch` per pass, stopped after `stopAt` items. */
type BatchedRun = (batch: number, clock: ProgressClock) => Promise<void>;

interface Batched {
  method: string;
  kind: Kind;
  full: number;
  /** The method's own default batch, and the one used here. */
  defaultBatch: number;
  batch: number;
  /** Estimated ms per item, for the plan. */
  unitMs: number;
  run: BatchedRun;
}

const registryRun =
  (bm: BenchModel, id: string, given: (batch: number) => ParamValues): BatchedRun =>
  async (batch, clock) => {
    await runMethod({
      method: getMethod(id),
      model: bm.classifier,
      input: bm.input,
      target: bm.target,
      params: given(batch),
      preprocess: bm.preprocess,
      signal: clock,
      progress: clock.progress,
    });
  };

async function measureBatched(b: Batched, runs: number): Promise<Omit<Row, 'backend' | 'model' | 'leakedTensors'>> {
  const p = plan(b.full, b.batch, b.unitMs, runs, CELL_MS);
  const times: number[] = [];
  const slopes: number[] = [];
  const estimates: number[] = [];
  // A run stopped on purpose at its clock's limit is a finished measurement.
  const runUntil = async (clock: ProgressClock): Promise<void> => {
    try {
      await b.run(p.batch, clock);
    } catch (e) {
      if (!(e instanceof Stopped)) throw e;
    }
  };
  // One untimed batch first, as the single-pass cells warm up: the first run at a new
  // batch shape pays for operator set-up and heap growth (Darknet IG: 4.3 s against 1.9 s).
  await runUntil(new ProgressClock(p.batch));
  for (let i = 0; i < p.runs; i++) {
    const clock = new ProgressClock(p.reduced ? p.size : Infinity);
    await runUntil(clock);
    const ms = performance.now() - clock.t0;
    const slope = clock.slope();
    times.push(ms);
    if (slope != null) slopes.push(slope);
    estimates.push(p.reduced ? extrapolate(ms, p.size, p.full, slope ?? ms / p.size) : ms);
  }
  const ms = mid(estimates);
  log(`  ${b.method}: ${ms.toFixed(0)} ms${p.reduced ? ` (from ${p.size}/${p.full} at batch ${p.batch}, ${mid(times).toFixed(0)} ms measured)` : ''}`);
  return {
    method: b.method,
    kind: b.kind,
    ms,
    measured: { size: p.size, full: p.full, batch: p.batch, defaultBatch: b.defaultBatch, runs: p.runs, measuredMs: mid(times) },
    // Without two full batches the whole run (set-up included) is the per-item figure.
    perItemMs: slopes.length ? mid(slopes) : p.reduced ? null : mid(times) / p.size,
    plainPerPassMs: null,
  };
}

/** The batch size of the perturbation methods on this backend and model: 32 (their default) unless two batches overrun a cell. */
const perturbationBatch = (forwardMs: number): number => [32, 16, 8, 4, 2].find((b) => 2 * b * forwardMs <= CELL_MS) ?? 1;

async function benchModel(backend: string, bm: BenchModel): Promise<Row[]> {
  const c = bm.classifier;
  const base = tf.memory().numTensors;
  const rows: Row[] = [];
  const add = (r: Omit<Row, 'backend' | 'model' | 'leakedTensors'>): void => {
    const leaked = tf.memory().numTensors - base;
    if (leaked) log(`  WARNING: ${r.method} left ${leaked} tensors`);
    rows.push({ ...r, backend, model: bm.id, leakedTensors: leaked });
  };
  const single = async (method: string, kind: Kind, fn: () => Promise<void>): Promise<number> => {
    const ms = await median(RUNS, fn, 1);
    log(`  ${method}: ${ms.toFixed(1)} ms`);
    add({
      method,
      kind,
      ms,
      measured: { size: 1, full: 1, batch: null, defaultBatch: null, runs: RUNS, measuredMs: ms },
      perItemMs: null,
      plainPerPassMs: null,
    });
    return ms;
  };
  const explain = (id: string) => async (): Promise<void> => {
    await registryRun(bm, id, () => ({}))(1, new ProgressClock());
  };
  const forwardMs = await single('forward', 'forward', async () => {
    const y = c.logits(bm.input);
    await y.data();
    y.dispose();
  });
  const saliencyMs = await single('saliency', 'gradient', explain('saliency'));
  await single('Grad-CAM', 'gradient', explain('gradcam'));

  const B = perturbationBatch(forwardMs);
  const tiled = tf.tile(bm.input, [B, 1, 1, 1]) as tf.Tensor4D;
  const plain = await measureBatched(
    {
      method: 'plain batched forward',
      kind: 'forward',
      full: 256,
      defaultBatch: B,
      batch: B,
      unitMs: forwardMs,
      run: async (batch, clock) =>
        void (await scoreInBatches(
          { signal: clock, progress: clock.progress },
          256,
          batch,
          (s, e) => (e - s === B ? tiled : tiled.slice(0, e - s)),
          (xs) => batchScore(c, xs as tf.Tensor4D, bm.target),
        )),
    },
    RUNS,
  );
  tiled.dispose();
  const passMs = plain.perItemMs ?? plain.ms / plain.measured.size;
  log(`  plain batched forward at batch ${B}: ${passMs.toFixed(2)} ms per pass`);

  const layer = autoCamLayer(c.layers);
  const K = Number(c.layers.find((l) => l.name === layer)?.outputShape.at(-1) ?? 0);
  const camMap = (await runMethod({ method: getMethod('gradcam'), model: c, input: bm.input, target: bm.target })).map;
  const batched: Batched[] = [
    {
      method: 'IG-50',
      kind: 'gradient-path',
      full: 50,
      defaultBatch: 16,
      batch: 16,
      unitMs: saliencyMs,
      run: registryRun(bm, 'integrated-gradients', (batch) => ({ steps: 50, batch })),
    },
    ...(K
      ? [
          {
            method: 'Score-CAM',
            kind: 'perturbation' as const,
            full: K,
            defaultBatch: 32,
            batch: B,
            unitMs: passMs,
            run: registryRun(bm, 'scorecam', (batch) => ({ batch })),
          },
        ]
      : []),
    {
      method: 'RISE-4000',
      kind: 'perturbation',
      full: 4000,
      defaultBatch: 32,
      batch: B,
      unitMs: passMs,
      run: registryRun(bm, 'rise', (batch) => ({ samples: 4000, batch })),
    },
    {
      method: 'LIME-1000',
      kind: 'perturbation',
      full: 1000,
      defaultBatch: 32,
      batch: B,
      unitMs: passMs,
      run: registryRun(bm, 'lime', (batch) => ({ samples: 1000, batch })),
    },
    {
      method: 'deletion+insertion',
      kind: 'perturbation',
      full: 42,
      defaultBatch: 32,
      batch: B,
      unitMs: passMs,
      run: async (batch, clock) =>
        void (await deletionInsertion(
          c,
          [{ input: bm.input, target: bm.target, map: camMap }],
          { steps: 20, batch, preprocess: bm.preprocess },
          { signal: clock, progress: clock.progress },
        )),
    },
  ];
  for (const b of batched) {
    const r = await measureBatched(b, RUNS);
    // The plain reference is at batch B; a method run at another batch (IG) has no throughput comparison.
    add({ ...r, plainPerPassMs: b.kind === 'perturbation' && r.measured.batch === B ? passMs : null });
  }
  return rows;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const require = createRequire(import.meta.url);
  const only = process.env.BACKENDS?.split(',');
  const backends = ([...nativeBackends((id) => require.resolve(id)), 'wasm', 'cpu'] as BackendName[]).filter((b) => !only || only.includes(b));
  const used: { name: BackendName; addedKernels: string[]; replacedKernels: string[] }[] = [];
  const rows: Row[] = [];
  for (const backend of backends) {
    const s = await initBackend({ prefer: backend });
    if (s.backend !== backend) {
      log(`${backend}: not available (${s.ladder.find((r) => r.name === backend)?.skipped ?? 'fell through the ladder'})`);
      continue;
    }
    used.push({ name: backend, addedKernels: s.addedKernels, replacedKernels: s.replacedKernels });
    for (const spec of BENCH_MODELS) {
      if (process.env.MODELS && !spec.id.includes(process.env.MODELS)) continue;
      if (spec.missing) {
        log(`${spec.id}: skipped (${spec.missing})`);
        continue;
      }
      const bm = await spec.load();
      log(`${backend} · ${bm.id} (target class ${bm.target})`);
      try {
        rows.push(...(await benchModel(backend, bm)));
      } finally {
        bm.input.dispose();
        bm.classifier.dispose();
      }
    }
  }
  const scored = score(rows.filter((r) => r.method !== 'plain batched forward'));
  const m = machineFacts();
  const commit = gitCommit();
  console.log(
    `Machine: ${m.cores}× ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, tfjs ${m.tfjs}; backends: ${used.map((b) => b.name).join(', ')}; commit ${commit}; ${RUNS} runs per cell, ${CELL_MS / 1000} s budget per cell; load ${m.load1} at the end.\n`,
  );
  console.log(markdown(scored));
  console.log('');
  for (const f of FOOTNOTES) console.log(`- ${f}`);
  if (!used.some((b) => b.name.startsWith('tensorflow')))
    console.log('- tfjs-node(-gpu) is not installed here: its rows appear when the native backend is present.');
  const misses = scored.flatMap((r) => r.targets.filter((t) => !t.pass).map((t) => `${r.backend} · ${r.model} · ${r.method}: ${t.name}`));
  console.log(misses.length ? `\nTargets missed (${misses.length}):\n${misses.map((s) => `- ${s}`).join('\n')}` : '\nAll targets met.');
  const dir = join(PROJECT_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '-');
  const file = join(dir, `bench-${stamp}-${commit}.json`);
  const totalS = (performance.now() - t0) / 1000;
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        commit,
        machine: m,
        backends: used,
        config: { runs: RUNS, cellBudgetMs: CELL_MS, quick: QUICK },
        totalSeconds: totalS,
        rows: scored,
        plain: rows.filter((r) => r.method === 'plain batched forward'),
      },
      null,
      2,
    ),
  );
  console.log(`\nJSON: ${file} (${totalS.toFixed(0)} s in all)`);
}

await main();
process.exit(0);

// One job split across engine workers (src-main/core/share.ts), in one run:
// each batched method alone, with 1, 2, … cores job workers, on Darknet-tiny
// and a real MobileNetV2 (nsfwjs). Speed-up = time with 1 worker / time with
// N; efficiency = speed-up / N, so figures from bigger machines compare. The
// maps are checked bit-identical across N here too. Every job runs once, small,
// before timing (warmUpMs: the cold cost of kernels, sessions and caches).
// With one job worker onnxruntime takes every core for the forward passes, so
// forward-only methods start from a multi-threaded baseline; SETUPS compare
// the thread policies for N workers (cores shared, or all cores each without
// spinning) and the default share policy. Writes bench-results/split.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ExplainResult, ParamValues } from '../src-main/api/types';
import { startEngine } from '../src-main/engine/client';
import { HAVE_SHARED, SHARED_MODELS, shared } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts } from './bench-util';

const QUICK = !!process.env.QUICK;
const MODELS = { 'darknet-tiny': SHARED_MODELS.darknet, 'mobilenet-v2': shared('models', 'nsfwjs_mobilenet_v2', 'model.json') };
const JOBS: { name: string; method: string; params: ParamValues }[] = [
  { name: `RISE-${QUICK ? 500 : 4000}`, method: 'rise', params: { samples: QUICK ? 500 : 4000 } },
  { name: `LIME-${QUICK ? 200 : 1000}`, method: 'lime', params: { samples: QUICK ? 200 : 1000 } },
  { name: 'occlusion', method: 'occlusion', params: {} },
  { name: 'IG-50', method: 'integrated-gradients', params: { steps: 50 } },
  { name: 'Score-CAM', method: 'scorecam', params: {} },
  { name: 'SmoothGrad-50', method: 'smoothgrad', params: { samples: 50 } },
];
const IMAGE = shared('images', 'skimage_chelsea_224.png');

/** Resident memory of the whole process (workers are threads) with `path` open in every job worker. */
async function residentMiB(workers: number, path: string): Promise<number> {
  const api = await startEngine({ workers });
  try {
    const modelId = (await api.openModel({ path })).id;
    const imageId = (await api.openImage({ path: IMAGE })).id;
    await api.explain({ modelId, imageId, jobId: 'm', method: 'rise', params: { samples: 32 * workers, batch: 16 } });
    return Math.round(((await api.info()).memory?.rss ?? 0) / 2 ** 20);
  } finally {
    await api.close();
  }
}

/** How a run splits: the pool's share policy, and onnxruntime's threads per session (model/onnx/ort-forward.ts ortThreads). */
interface Setup {
  label: string;
  share: 'auto' | 'always';
  ortThreads: 'share' | 'all';
}
/** The 1-worker baseline: one worker's sessions take every core either way. */
const BASE: Setup = { label: 'one job worker', share: 'auto', ortThreads: 'all' };
const SETUPS: Setup[] = [
  { label: 'split always, cores shared', share: 'always', ortThreads: 'share' },
  { label: 'split always, every session all cores, no spinning', share: 'always', ortThreads: 'all' },
  { label: 'default (auto, every session all cores)', share: 'auto', ortThreads: 'all' },
];

/** Smaller versions of the jobs, run first so that timing sees warm kernels, sessions and caches in every worker. */
function warmParams(j: (typeof JOBS)[number]): ParamValues {
  const p = { ...j.params };
  if ('samples' in p) p.samples = 16;
  if (j.method === 'integrated-gradients') p.steps = 8;
  return p;
}

async function timeJobs(
  workers: number,
  modelPath: string,
  setup: Setup = BASE,
): Promise<{ ms: Record<string, number>; cold: Record<string, number>; maps: Record<string, Float32Array>; evalMs: number }> {
  // Workers read the thread policy as they start.
  process.env.SALIENCY_ORT_THREADS = setup.ortThreads;
  const api = await startEngine({ workers });
  delete process.env.SALIENCY_ORT_THREADS;
  api.pool.share = setup.share;
  try {
    const modelId = (await api.openModel({ path: modelPath })).id;
    const imageId = (await api.openImage({ path: IMAGE })).id;
    let n = 0;
    const run = (j: (typeof JOBS)[number]): Promise<ExplainResult> => api.explain({ modelId, imageId, jobId: `s${++n}`, method: j.method, params: j.params });
    // Warm-up: every job worker opens the model and image, builds its onnxruntime session and runs each job once, small.
    const cold: Record<string, number> = {};
    for (const j of JOBS) {
      const t0 = performance.now();
      await run({ ...j, params: warmParams(j) });
      cold[j.name] = Math.round(performance.now() - t0);
    }
    const ms: Record<string, number> = {};
    const maps: Record<string, Float32Array> = {};
    for (const j of JOBS) {
      const t0 = performance.now();
      try {
        maps[j.name] = (await run(j)).map;
        ms[j.name] = performance.now() - t0;
      } catch (e) {
        console.log(`${j.name} with ${workers} job worker(s) failed: ${(e as Error).message}`);
        ms[j.name] = NaN;
      }
    }
    const images = ['skimage_chelsea_224.png', 'skimage_coffee.png', 'skimage_astronaut.png', 'skimage_rocket.jpg'].map((f) => shared('images', f));
    const t0 = performance.now();
    await api.evaluate({ jobId: 'ev', modelId, paths: images, methods: ['gradcam'], metrics: ['deletion', 'insertion'], imageBatch: 1 });
    return { ms, cold, maps, evalMs: performance.now() - t0 };
  } finally {
    await api.close();
  }
}

async function main(): Promise<void> {
  if (!HAVE_SHARED) {
    console.log('bench-split: ../shared/data is absent; skipped');
    return;
  }
  const rows = [];
  for (const [model, path] of Object.entries(MODELS)) {
    const base = await timeJobs(1, path);
    console.log(JSON.stringify({ model, jobWorkers: 1, warmUpMs: base.cold }));
    for (let w = 2; w <= Math.max(2, availableParallelism()); w++)
      for (const setup of SETUPS) {
        const r = await timeJobs(w, path, setup);
        console.log(JSON.stringify({ model, jobWorkers: w, setup: setup.label, warmUpMs: r.cold }));
        const jobs = [...JOBS.map((j) => j.name), 'deletion+insertion (4 images)'];
        for (const name of jobs) {
          const [a, b] = name.startsWith('deletion') ? [base.evalMs, r.evalMs] : [base.ms[name], r.ms[name]];
          const [m1, mN] = [base.maps[name], r.maps[name]];
          const same = name.startsWith('deletion') || !m1 || !mN ? null : Buffer.compare(Buffer.from(m1.buffer), Buffer.from(mN.buffer)) === 0;
          const row = {
            model,
            job: name,
            jobWorkers: w,
            setup: setup.label,
            ms1: Math.round(a),
            msN: Math.round(b),
            speedup: +(a / b).toFixed(2),
            efficiency: +(a / b / w).toFixed(2),
            sameMap: same,
          };
          console.log(JSON.stringify(row));
          rows.push(row);
        }
      }
  }
  // Memory per added job worker: Darknet-tiny and the largest real model here (DenseNet-121 CheXNet, ONNX).
  const memory = [];
  for (const [model, path] of Object.entries({ ...MODELS, 'densenet121-chexnet14': shared('onnx', 'densenet121_chexnet14', 'model.onnx') })) {
    const one = await residentMiB(1, path);
    const two = await residentMiB(2, path);
    const row = { model, rssMiB1: one, rssMiB2: two, perAddedWorkerMiB: Math.round((two - one) / 2) };
    console.log(JSON.stringify(row));
    memory.push(row);
  }
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  const out = { commit: gitCommit(), machine: machineFacts(), image: 'skimage_chelsea_224.png', quick: QUICK, rows, memory };
  writeFileSync(new URL('../bench-results/split.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
}

await main();

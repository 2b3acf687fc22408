// The engine pool (src-main/engine/pool.ts) against one worker, in one run: a
// 3×2 Compare grid's six explain jobs on Darknet-tiny, run as the grid runs
// them (as many cells at once as there are job workers), with 1, 2, … cores
// job workers. Parallel efficiency = speed-up / workers, so
// figures from bigger machines compare. Writes bench-results/pool.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startEngine } from '../src-main/engine/client';
import { HAVE_SHARED, SHARED_MODELS, shared } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts, mid } from './bench-util';

const RUNS = process.env.QUICK ? 1 : 3;
// Two images × three methods: the grid a user builds to compare methods.
const METHODS: { method: string; params: Record<string, number> }[] = [
  { method: 'integrated-gradients', params: { steps: 16 } },
  { method: 'rise', params: { samples: 256, batch: 32 } },
  { method: 'occlusion', params: { window: 56, stride: 28, batch: 16 } },
];
const IMAGES = ['skimage_chelsea_224.png', 'skimage_coffee.png'];

async function grid(workers: number): Promise<{ ms: number; rssMiB: number }> {
  const api = await startEngine({ workers });
  try {
    const model = (await api.openModel({ path: SHARED_MODELS.darknet })).id;
    const images = await Promise.all(IMAGES.map(async (f) => (await api.openImage({ path: shared('images', f) })).id));
    const cells = images.flatMap((imageId) => METHODS.map((m) => ({ modelId: model, imageId, ...m })));
    let n = 0;
    // As the Compare grid schedules them: as many cells at once as there are job workers.
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const queue = [...cells];
      const lane = async (): Promise<void> => {
        for (let c = queue.shift(); c; c = queue.shift()) await api.explain({ ...c, jobId: `b${++n}` });
      };
      await Promise.all(Array.from({ length: workers }, lane));
      return performance.now() - t0;
    };
    await once(); // warm-up: every job worker opens the model and images, kernels set up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await once());
    const rss = (await api.info()).memory?.rss ?? 0;
    return { ms: mid(times), rssMiB: Math.round(rss / 2 ** 20) };
  } finally {
    await api.close();
  }
}

async function main(): Promise<void> {
  if (!HAVE_SHARED) {
    console.log('bench-pool: ../shared/data is absent; skipped');
    return;
  }
  const rows = [];
  let base = 0;
  for (let w = 1; w <= availableParallelism(); w++) {
    const { ms, rssMiB } = await grid(w);
    if (w === 1) base = ms;
    const row = { jobWorkers: w, gridMs: Math.round(ms), speedup: +(base / ms).toFixed(2), efficiency: +(base / ms / w).toFixed(2), interactiveRssMiB: rssMiB };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  const out = { commit: gitCommit(), machine: machineFacts(), model: 'darknet-tiny', cells: IMAGES.length * METHODS.length, runs: RUNS, rows };
  writeFileSync(new URL('../bench-results/pool.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
}

await main();

// Soak: many explanations across every registered method on a pool of
// SOAK_WORKERS job workers (default 2: parallel methods split across both,
// core/share.ts). After each, every worker's tfjs tensor count is back at its baseline;
// resident memory grows less than 10% between the end of the second round
// (every method once on each demo model: the wasm heap has grown to its
// working size) and the end. CI runs SOAK_N = 120; `npm run soak` runs 200.
import { afterAll, describe, expect, it } from 'vitest';
import { demo } from '../testing/shared-data';
import { startEngine } from './client';

const N = Number(process.env.SOAK_N ?? 120);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 2);

describe(`soak: ${WORKERS} job workers, many explanations`, () => {
  process.env.SALIENCY_GC_ON_INFO = '1'; // the worker inherits it: each reading follows a full GC
  const pending = startEngine({ workers: WORKERS });
  afterAll(async () => (await pending).close());

  it(`${N} explanations across all methods leave no tensors and a flat resident set`, { timeout: 1_800_000 }, async () => {
    const api = await pending;
    const methods = (await api.methods()).map((m) => m.id);
    const digits = await api.openModel({ path: demo('digits', 'model.json') });
    const chest = await api.openModel({ path: demo('chest', 'model.json') });
    const digit = await api.openImage({ path: demo('digits', 'samples', 'digit-7.png') });
    const phantom = await api.openImage({ path: demo('chest', 'samples', 'phantom-01.png') });
    // Every worker's tensors (info answers for the interactive one only).
    const tensors = (): Promise<number[]> =>
      Promise.all(api.pool.workers.map(async (w) => ((await w.call('info', {})) as { memory: { tensors: number } }).memory.tensors));
    // A job's replicas release their workers just after its answer: readings wait for the pool to be idle.
    const idle = async (): Promise<void> => {
      while (api.pool.load().some((v) => v > 0)) await new Promise((r) => setTimeout(r, 5));
    };
    // Warm-up: a split job (gradients split by default) per model, so every worker's baseline holds what stays.
    await api.explain({ modelId: digits.id, imageId: digit.id, method: 'integrated-gradients', params: { steps: 16, batch: 2 }, jobId: 'warm-1' });
    await idle();
    await api.explain({ modelId: chest.id, imageId: phantom.id, method: 'integrated-gradients', params: { steps: 16, batch: 2 }, jobId: 'warm-2' });
    await idle();
    const base = { ...(await api.info()).memory!, tensors: await tensors() };
    // The early reading comes after two rounds (every method on both models), when the heap has its working size.
    const EARLY = Math.min(2 * methods.length, N - 1);
    let early = 0;
    const slow: string[] = [];
    for (let i = 0; i < N; i++) {
      const method = methods[i % methods.length];
      // CAM needs a GAP head (chest); everything else alternates between the two models per round.
      const onChest = method === 'cam' || Math.floor(i / methods.length) % 2 === 1;
      const t0 = performance.now();
      const r = await api.explain({ modelId: onChest ? chest.id : digits.id, imageId: onChest ? phantom.id : digit.id, method, jobId: `soak-${i}` });
      if (performance.now() - t0 > 20_000) slow.push(method);
      expect(r.map.every(Number.isFinite), method).toBe(true);
      await idle();
      const m = (await api.info()).memory!;
      expect(await tensors(), `${method} (#${i}) left tensors`).toEqual(base.tensors);
      if (i === EARLY) early = m.rss;
    }
    const end = (await api.info()).memory!.rss;
    console.log(
      `soak: ${N} explanations, ${methods.length} methods, ${WORKERS} job workers; tensors ${base.tensors.join('/')} throughout; rss ${(early / 2 ** 20).toFixed(0)} MiB at #${EARLY} → ${(end / 2 ** 20).toFixed(0)} MiB at #${N}${slow.length ? `; slow (>20 s): ${slow.join(', ')}` : ''}`,
    );
    expect(end / early).toBeLessThan(1.1);
  });
});

// One method's passes split across engine workers (core/share.ts): for every
// parallel method, the map with 1, 2 and 3 job workers is bit-identical; a
// replica's worker killed mid-job leaves its share to the survivors (same
// map); cancel stops every replica within 2 s; and no worker keeps a tensor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainResult, ParamValues } from '../api/types';
import { demo } from '../testing/shared-data';
import { type EngineBackend, startEngine } from './client';

/** Every method that declares `parallel`, with parameters small enough for the digits CNN. */
const CASES: Record<string, ParamValues> = {
  rise: { samples: 300, batch: 16, seed: 3 },
  occlusion: { window: 6, stride: 3, batch: 8 },
  lime: { samples: 120, batch: 16, seed: 5 },
  'kernel-shap': { samples: 120, batch: 16, seed: 5 },
  scorecam: { batch: 4 },
  ablationcam: { batch: 4 },
  'integrated-gradients': { steps: 24, batch: 4 },
  smoothgrad: { samples: 12, batch: 4, seed: 2 },
  'smoothgrad-sq': { base: 'integrated-gradients', 'base.steps': 4, samples: 5, seed: 2 },
  vargrad: { samples: 9, batch: 2, seed: 2 },
  'gradient-shap': { samples: 20, batch: 4, seed: 2 },
  xrai: { steps: 8, batch: 4 },
};

describe('shared jobs: one map from any number of workers', () => {
  const engines: EngineBackend[] = [];
  const ids: { model: string; image: string }[] = [];

  beforeAll(async () => {
    for (const workers of [1, 2, 3]) {
      const e = await startEngine({ workers });
      engines.push(e);
      ids.push({
        model: (await e.openModel({ path: demo('digits', 'model.json') })).id,
        image: (await e.openImage({ path: demo('digits', 'samples', 'digit-3.png') })).id,
      });
    }
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
  });

  const explain = (n: number, method: string, jobId: string, params: ParamValues): Promise<ExplainResult> =>
    engines[n].explain({ modelId: ids[n].model, imageId: ids[n].image, jobId, method, params });

  it('lists every parallel method in this test', async () => {
    const parallel = (await engines[0].methods()).filter((m) => m.parallel).map((m) => m.id);
    expect(parallel.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [method, params] of Object.entries(CASES)) {
    it(`${method}: N = 1, 2, 3 give the same map, bit for bit, and the job ran on every job worker`, async () => {
      const maps: number[][] = [];
      for (const n of [0, 1, 2]) {
        let peak = 0;
        const pool = engines[n].pool;
        const timer = pool
          ? setInterval(
              () =>
                (peak = Math.max(
                  peak,
                  pool.load().reduce((a, b) => a + b, 0),
                )),
              5,
            )
          : null;
        const r = await explain(n, method, `${method}-${n}`, params);
        if (timer) clearInterval(timer);
        if (pool) expect(peak).toBe(n + 1); // the first replica and n more, all job workers
        maps.push(Array.from(r.map));
      }
      expect(maps[0].some((v) => v !== 0)).toBe(true);
      expect(maps[1]).toEqual(maps[0]);
      expect(maps[2]).toEqual(maps[0]);
    });
  }

  it('a replica whose worker dies mid-job: the survivors compute its share, and the map is unchanged', async () => {
    // A gradient method: terminating a worker while onnxruntime runs inside it can take the process down.
    const params = { steps: 400, batch: 4 };
    const ref = await explain(0, 'integrated-gradients', 'kill-ref', params);
    const pool = engines[2].pool!;
    const job = explain(2, 'integrated-gradients', 'kill', params);
    await new Promise((r) => setTimeout(r, 300));
    expect(pool.load()).toEqual([0, 1, 1, 1]);
    await (pool.workers[3] as unknown as { crashForTest(): Promise<void> }).crashForTest();
    const r = await job;
    expect(Array.from(r.map)).toEqual(Array.from(ref.map));
    // The pool is whole again: the next job takes all three job workers and the restarted one reopens.
    const again = await explain(2, 'integrated-gradients', 'kill-after', { steps: 24, batch: 4 });
    const first = await explain(0, 'integrated-gradients', 'kill-after-ref', { steps: 24, batch: 4 });
    expect(Array.from(again.map)).toEqual(Array.from(first.map));
  });

  it('cancel stops every replica within 2 s, and the workers are free for the next job', async () => {
    const pool = engines[2].pool!;
    const job = explain(2, 'rise', 'cancel-me', { samples: 100000, batch: 16 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 400));
    expect(pool.load()).toEqual([0, 1, 1, 1]);
    const t0 = performance.now();
    await engines[2].cancel({ jobId: 'cancel-me' });
    expect(await job).toMatchObject({ code: 'cancelled' });
    while (pool.load().some((v) => v > 0) && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(pool.load()).toEqual([0, 0, 0, 0]);
  });

  it('leaves no tensor in any worker after shared jobs', async () => {
    const counts = async (): Promise<number[]> => {
      const pool = engines[2].pool!;
      return Promise.all(pool.workers.map(async (w) => ((await w.call('info', {})) as { memory: { tensors: number } }).memory.tensors));
    };
    await explain(2, 'lime', 'leak-warm', CASES.lime);
    const before = await counts();
    for (const method of ['rise', 'lime', 'integrated-gradients']) await explain(2, method, `leak-${method}`, CASES[method]);
    expect(await counts()).toEqual(before);
  });
});

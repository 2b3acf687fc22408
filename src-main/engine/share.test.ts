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
      // Split every parallel job, forward passes on onnxruntime included (the default leaves those whole).
      e.pool.share = 'always';
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

  /** Waits (up to 20 s) until engine n's workers carry `want`; fails with the last load seen. */
  const loadReaches = async (n: number, want: number[]): Promise<void> => {
    const t0 = performance.now();
    while (JSON.stringify(engines[n].pool.load()) !== JSON.stringify(want) && performance.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    expect(engines[n].pool.load()).toEqual(want);
  };

  /** `run`'s result and the most jobs (replicas included) engine n's workers ran at once meanwhile. */
  const withPeak = async <T>(n: number, run: () => Promise<T>): Promise<[T, number]> => {
    let peak = 0;
    const load = () => engines[n].pool.load().reduce((a, b) => a + b, 0);
    // The previous job's replicas release their workers just after its answer: counting them
    // would credit this job with workers it never took (seen in CI as 3 for a one-worker job).
    await loadReaches(
      n,
      engines[n].pool.load().map(() => 0),
    );
    const timer = setInterval(() => (peak = Math.max(peak, load())), 5);
    try {
      return [await run(), peak];
    } finally {
      clearInterval(timer);
    }
  };

  it('lists every parallel method in this test', async () => {
    const parallel = (await engines[0].methods()).filter((m) => m.parallel).map((m) => m.id);
    expect(parallel.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [method, params] of Object.entries(CASES)) {
    it(`${method}: N = 1, 2, 3 give the same map, bit for bit, and the job ran on every job worker`, async () => {
      const maps: number[][] = [];
      for (const n of [0, 1, 2]) {
        const [r, peak] = await withPeak(n, () => explain(n, method, `${method}-${n}`, params));
        expect(peak).toBe(n + 1); // the first replica and n more: every job worker
        maps.push(Array.from(r.map));
      }
      expect(maps[0].some((v) => v !== 0)).toBe(true);
      expect(maps[1]).toEqual(maps[0]);
      expect(maps[2]).toEqual(maps[0]);
    });
  }

  it('evaluate: image chunks split across job workers; the rows are the same for N = 1, 2, 3', async () => {
    const paths = ['digit-3.png', 'digit-7.png', 'digit-2.png', 'digit-0.png', 'digit-5.png'].map((f) => demo('digits', 'samples', f));
    const rows = [];
    for (const n of [0, 1, 2]) {
      const [r, peak] = await withPeak(n, () =>
        engines[n].evaluate({
          jobId: `ev-${n}`,
          modelId: ids[n].model,
          paths,
          methods: ['gradcam', 'rise'],
          params: { samples: 64, batch: 16 },
          metrics: ['deletion', 'insertion', 'average-drop'],
          options: { steps: 6 },
          imageBatch: 1,
        }),
      );
      expect(peak).toBe(n + 1);
      rows.push(r.rows);
    }
    expect(rows[0]).toHaveLength(10);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
  });

  it('sanity (cascading randomisation): steps split across job workers; the same maps and similarities for N = 1, 2, 3', async () => {
    const out = [];
    for (const n of [0, 1, 2]) {
      const r = await engines[n].sanity({
        jobId: `san-${n}`,
        modelId: ids[n].model,
        imageId: ids[n].image,
        methods: ['saliency', 'gradcam'],
        mode: 'cascading',
        seed: 4,
      });
      out.push(
        JSON.stringify(r, (k, v: unknown) => (k === 'jobId' || k === 'seconds' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)),
      );
    }
    expect(out[0].length).toBeGreaterThan(1000);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
  });

  it("by default ('auto') passes on tfjs split, and forward passes on onnxruntime stay in one worker", async () => {
    const e = engines[2];
    e.pool.share = 'auto';
    try {
      expect((await e.openModel({ path: demo('digits', 'model.json') })).forwardRuntime).toMatch(/^onnxruntime/);
      const [, rise] = await withPeak(2, () => explain(2, 'rise', 'auto-rise', CASES.rise));
      const [, ig] = await withPeak(2, () => explain(2, 'integrated-gradients', 'auto-ig', CASES['integrated-gradients']));
      expect([rise, ig]).toEqual([1, 3]);
    } finally {
      e.pool.share = 'always';
    }
  });

  it('a replica whose worker dies mid-job: the survivors compute its share, and the map is unchanged', async () => {
    // A gradient method: terminating a worker while onnxruntime runs inside it can take the process down.
    const params = { base: 'integrated-gradients', 'base.steps': 64, 'base.batch': 1, samples: 40, seed: 1 };
    const ref = await explain(0, 'smoothgrad', 'kill-ref', params);
    const pool = engines[2].pool;
    await loadReaches(2, [0, 0, 0, 0]);
    const job = explain(2, 'smoothgrad', 'kill', params);
    await loadReaches(2, [0, 1, 1, 1]);
    await (pool.workers[3] as unknown as { crashForTest(): Promise<void> }).crashForTest();
    const r = await job;
    expect(Array.from(r.map)).toEqual(Array.from(ref.map));
    // The pool is whole again: the next job takes all three job workers and the restarted one reopens.
    const again = await explain(2, 'integrated-gradients', 'kill-after', { steps: 24, batch: 4 });
    const first = await explain(0, 'integrated-gradients', 'kill-after-ref', { steps: 24, batch: 4 });
    expect(Array.from(again.map)).toEqual(Array.from(first.map));
  });

  it('cancel stops every replica within 2 s, and the workers are free for the next job', async () => {
    const pool = engines[2].pool;
    await loadReaches(2, [0, 0, 0, 0]);
    const job = explain(2, 'rise', 'cancel-me', { samples: 100000, batch: 16 }).catch((e: unknown) => e);
    await loadReaches(2, [0, 1, 1, 1]);
    const t0 = performance.now();
    await engines[2].cancel({ jobId: 'cancel-me' });
    expect(await job).toMatchObject({ code: 'cancelled' });
    while (pool.load().some((v) => v > 0) && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(pool.load()).toEqual([0, 0, 0, 0]);
  });

  it('resizes: more job workers join the next job, fewer retire after their jobs; the map stays the same', async () => {
    const e = engines[1];
    const ref = Array.from((await explain(0, 'rise', 'rs-ref', CASES.rise)).map);
    expect(await e.jobWorkers({})).toMatchObject({ workers: 2, resizable: true });
    expect(await e.jobWorkers({ count: 3 })).toMatchObject({ workers: 3 });
    expect(e.pool.workers).toHaveLength(4);
    const [r3, peak] = await withPeak(1, () => explain(1, 'rise', 'rs-3', CASES.rise));
    const wide = Array.from(r3.map);
    expect(peak).toBe(3);
    expect(wide).toEqual(ref);
    const running = explain(1, 'integrated-gradients', 'rs-run', { steps: 200, batch: 4 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await e.jobWorkers({ count: 1 })).toMatchObject({ workers: 1 });
    await running; // the retiring workers finish their share first, and leave just after the answer
    for (let t = 0; t < 400 && e.pool.workers.length > 1; t++) await new Promise((r) => setTimeout(r, 5));
    expect(e.pool.workers).toHaveLength(1);
    expect(Array.from((await explain(1, 'rise', 'rs-1', CASES.rise)).map)).toEqual(ref);
    await expect(e.jobWorkers({ count: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    await e.jobWorkers({ count: 2 });
  });

  it('leaves no tensor in any worker after shared jobs', async () => {
    const counts = async (): Promise<number[]> => {
      const pool = engines[2].pool;
      return Promise.all(pool.workers.map(async (w) => ((await w.call('info', {})) as { memory: { tensors: number } }).memory.tensors));
    };
    await explain(2, 'lime', 'leak-warm', CASES.lime);
    const before = await counts();
    for (const method of ['rise', 'lime', 'integrated-gradients']) await explain(2, method, `leak-${method}`, CASES[method]);
    expect(await counts()).toEqual(before);
  });
});

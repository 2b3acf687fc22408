// Times the open model and follows the explain job, beside the main store (it
// only reads it): once a model and an image are open it runs two small timed
// calls (a batch of masked forward passes, a batch of gradients) and keeps the
// engine's ms per image; during a job it stamps each progress event (the ETA's
// input); after a run it keeps how far the estimate was off for that method;
// after a cancel it keeps what was cancelled, at what progress, and which
// method's map stayed on screen.
import type { PassTiming } from '../../../src-main/api/cost';
import type { ExplainResult, ParamValues } from '../../../src-main/api/types';
import type { Host } from '../host';
import type { ProgressSample } from './eta';
import { estimateFor } from './estimate';
import { runJob } from './runJob';
import { createStore, type Store } from './store';
import type { StudioState, StudioStore } from './types';

/**
 * The probes: masked forwards (RISE at its default batch) and gradients (IG),
 * each at two sizes; the ms per image is the difference over the extra images,
 * so the fixed cost of a call (the target's prediction, set-up) is not priced
 * per pass; a first small call warms the model up and is not counted.
 */
export const FORWARD_PROBE: Probe = { method: 'rise', sizes: [32, 96], params: (n) => ({ samples: n, batch: 32, grid: 7 }) };
export const BACKWARD_PROBE: Probe = { method: 'integrated-gradients', sizes: [4, 12], params: (n) => ({ steps: n, batch: 4 }) };

interface Probe {
  method: string;
  /** Images the small and the large call send through the model. */
  sizes: [number, number];
  params(images: number): ParamValues;
}

export interface ModelTiming extends PassTiming {
  modelId: string;
}

export interface MeteredRun {
  jobId: string;
  method: string;
  startedAt: number;
  /** The pre-run estimate in ms (null: the model is not timed yet). */
  estimateMs: number | null;
  /** The same before the last run's correction. */
  baseMs: number | null;
  samples: ProgressSample[];
}

export interface CancelledRun {
  jobId: string;
  method: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** The method whose map is on screen now (the previous result), if any. */
  shownMethod: string | null;
}

export interface MeterState {
  timing: ModelTiming | null;
  /** The model id being timed, while the probes run. */
  probing: string | null;
  /** Per method: actual / estimated ms of its last finished run on this model, applied to its next estimate. */
  ratio: Record<string, number>;
  run: MeteredRun | null;
  cancelled: CancelledRun | null;
}

export const initialMeter: MeterState = { timing: null, probing: null, ratio: {}, run: null, cancelled: null };

export type JobMeterStore = Store<MeterState>;

/** The engine's ms per image (its explain results' own ms): (large − small) / (extra images), else large / its images. */
async function probe(host: Host, modelId: string, imageId: string, p: Probe): Promise<number> {
  const once = async (n: number) => {
    const job = runJob<ExplainResult>(host, (jobId) => host.api.explain({ jobId, modelId, imageId, method: p.method, target: 'top', params: p.params(n) }));
    return (await job.result).ms;
  };
  const [a, b] = p.sizes;
  await once(a); // warm-up: the first calls after a model opens run slower (kernels, JIT)
  const small = await once(a);
  const large = await once(b);
  return large > small ? (large - small) / (b - a) : large / b;
}

export function createJobMeter(host: Host, studio: StudioStore, now: () => number = () => performance.now()): { store: JobMeterStore; dispose(): void } {
  const store = createStore<MeterState>(initialMeter);
  const set = (patch: Partial<MeterState>) => store.set((m) => ({ ...m, ...patch }));
  let prev = studio.get();

  async function time(s: StudioState): Promise<void> {
    const modelId = s.model?.id;
    const imageId = s.image?.id;
    if (!modelId || !imageId) return;
    set({ probing: modelId, ratio: {} });
    try {
      const forwardMs = await probe(host, modelId, imageId, FORWARD_PROBE);
      // A model without gradients (or a failed probe) still prices forward-only methods.
      const backwardMs = await probe(host, modelId, imageId, BACKWARD_PROBE).catch(() => Number.NaN);
      if (studio.get().model?.id === modelId) set({ timing: { modelId, forwardMs, backwardMs } });
    } catch {
      // No estimate for this model: the button shows none.
    } finally {
      if (store.get().probing === modelId) set({ probing: null });
    }
  }

  function onChange(): void {
    const s = studio.get();
    const m = store.get();
    const was = prev;
    prev = s;
    if (s.job && s.job.jobId !== m.run?.jobId) {
      const est = estimateFor(s, m);
      set({
        run: { jobId: s.job.jobId, method: s.job.method, startedAt: now(), estimateMs: est?.ms ?? null, baseMs: est?.baseMs ?? null, samples: [] },
        cancelled: null,
      });
    } else if (s.job && m.run && s.job.progress && s.job.progress !== was.job?.progress) {
      const { done, total } = s.job.progress;
      set({ run: { ...m.run, samples: [...m.run.samples.slice(-19), { t: now(), done, total }] } });
    } else if (!s.job && m.run) {
      const run = m.run;
      const finished = s.result?.jobId === run.jobId ? s.result : null;
      const last = run.samples[run.samples.length - 1];
      if (finished && run.baseMs) set({ run: null, ratio: { ...m.ratio, [run.method]: finished.ms / run.baseMs } });
      else if (!finished && was.job?.cancelRequested)
        set({
          run: null,
          cancelled: {
            jobId: run.jobId,
            method: run.method,
            done: last?.done ?? 0,
            total: last?.total ?? 0,
            elapsedMs: now() - run.startedAt,
            shownMethod: s.result?.method ?? null,
          },
        });
      else set({ run: null });
    }
    // A new model or image drops the note about a map that is gone.
    if (m.cancelled && (s.model?.id !== was.model?.id || s.image?.id !== was.image?.id)) set({ cancelled: null });
    const timed = store.get().timing?.modelId === s.model?.id || store.get().probing === s.model?.id;
    if (s.model && s.image && !s.job && !timed) void time(s);
  }

  const off = studio.subscribe(onChange);
  onChange();
  return { store, dispose: off };
}

/** Dismisses the cancelled note. */
export const cancelledDismissed = (m: MeterState): MeterState => ({ ...m, cancelled: null });

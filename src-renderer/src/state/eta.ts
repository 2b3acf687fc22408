// How long a job has left, from how fast its progress events arrive: the rate
// over the last few events (a job's first batch is often slower: the model
// warms up), remaining work / rate. Before two events exist, the estimate made
// before the run (passes × measured ms per pass) minus the time spent.

export interface ProgressSample {
  /** ms (performance.now()) when the event arrived. */
  t: number;
  done: number;
  total: number;
}

/** How many of the latest events the rate is taken over. */
export const RATE_WINDOW = 5;

/** Units of work per ms over the last `window` events; null until two events with progress between them. */
export function progressRate(samples: readonly ProgressSample[], window = RATE_WINDOW): number | null {
  if (samples.length < 2) return null;
  const recent = samples.slice(-Math.max(2, window));
  const a = recent[0];
  const b = recent[recent.length - 1];
  const dt = b.t - a.t;
  const dd = b.done - a.done;
  return dt > 0 && dd > 0 ? dd / dt : null;
}

/**
 * ms left: from the progress rate (and the time since the last event), else
 * from the pre-run estimate; null when neither is known.
 */
export function etaMs(samples: readonly ProgressSample[], now: number, startedAt: number, estimateMs: number | null): number | null {
  const last = samples[samples.length - 1];
  const rate = progressRate(samples);
  if (last && rate !== null) return Math.max(0, (last.total - last.done) / rate - (now - last.t));
  if (estimateMs !== null) return Math.max(0, estimateMs - (now - startedAt));
  return null;
}

/** "0.4 s", "12 s", "4 min 40 s", "1 h 05 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${(Math.max(ms, 100) / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "about 12 s left"; "almost done" under a second. */
export function etaText(ms: number | null): string {
  if (ms === null) return 'estimating…';
  return ms < 1000 ? 'almost done' : `about ${formatDuration(ms)} left`;
}

/** Above this an estimate is shown as a warning. */
export const LONG_JOB_MS = 30_000;

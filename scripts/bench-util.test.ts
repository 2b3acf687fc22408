import { describe, expect, it } from 'vitest';
import { extrapolate, nativeBackends, plan, ProgressClock, Stopped } from './bench-util';

describe('bench planning', () => {
  it('measures the full workload when RUNS runs fit the budget', () => {
    // 42 rows × 2 ms × 5 runs = 420 ms ≤ 1 s
    expect(plan(42, 32, 2, 5, 1000)).toEqual({ size: 42, full: 42, batch: 32, runs: 5, reduced: false });
  });

  it('cuts to whole batches that fit, keeping the runs while two batches fit', () => {
    // RISE-4000 at 50 ms/pass, batch 32, 5 runs in 12 s: 12000 / (5·50·32) = 1.5 → 2 batches = 64 passes;
    // 64 × 50 = 3.2 s per run → 3 runs fit.
    expect(plan(4000, 32, 50, 5, 12000)).toEqual({ size: 64, full: 4000, batch: 32, runs: 3, reduced: true });
    // A cheaper unit keeps all 5 runs: 12000 / (5·5·32) = 15 batches = 480 passes, 2.4 s per run.
    expect(plan(4000, 32, 5, 5, 12000)).toEqual({ size: 480, full: 4000, batch: 32, runs: 5, reduced: true });
  });

  it('shrinks the batch when two batches do not fit once (IG-50 at 2.4 s a gradient)', () => {
    // 12000 / (2·2400) = 2.5 → batch 2; 2 batches = 4 steps = 9.6 s → 1 run.
    expect(plan(50, 16, 2400, 5, 12000)).toEqual({ size: 4, full: 50, batch: 2, runs: 1, reduced: true });
  });

  it('extrapolates with the per-item slope on top of the measured run', () => {
    // 64 passes in 3300 ms at 50 ms/pass after the first batch → 3300 + 3936 × 50
    expect(extrapolate(3300, 64, 4000, 50)).toBe(200_100);
    expect(extrapolate(3300, 4000, 4000, 50)).toBe(3300);
  });

  it('takes the slope after the first batch and stops at a batch boundary', () => {
    const c = new ProgressClock(64);
    // Synthetic marks: the first batch carries 100 ms of set-up, then 32 passes per 320 ms.
    c.marks.push({ done: 32, t: 420 }, { done: 64, t: 740 }, { done: 96, t: 1060 });
    expect(c.slope()).toBe(10);
    expect(() => c.check()).toThrow(Stopped);
    const short = new ProgressClock();
    // 42 rows at batch 32: the 10-row batch is not a full batch, so no slope.
    short.marks.push({ done: 32, t: 400 }, { done: 42, t: 520 });
    expect(short.slope()).toBeNull();
    const tail = new ProgressClock();
    tail.marks.push({ done: 32, t: 400 }, { done: 64, t: 720 }, { done: 72, t: 900 });
    expect(tail.slope()).toBe(10); // the 8-item tail batch is left out
    const one = new ProgressClock();
    one.marks.push({ done: 50, t: 80 });
    expect(one.slope()).toBeNull();
    expect(() => one.check()).not.toThrow();
  });

  it('lists the first native package that resolves, or none', () => {
    expect(
      nativeBackends(() => {
        throw new Error('absent');
      }),
    ).toEqual([]);
    expect(
      nativeBackends((id) =>
        id.endsWith('-gpu')
          ? id
          : (() => {
              throw new Error('x');
            })(),
      ),
    ).toEqual(['tensorflow-gpu']);
    expect(
      nativeBackends((id) =>
        id.endsWith('-gpu')
          ? (() => {
              throw new Error('x');
            })()
          : id,
      ),
    ).toEqual(['tensorflow']);
  });
});

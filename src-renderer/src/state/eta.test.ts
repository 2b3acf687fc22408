import { describe, expect, it } from 'vitest';
import { etaMs, etaText, formatDuration, progressRate, type ProgressSample } from './eta';

const at = (t: number, done: number, total = 100): ProgressSample => ({ t, done, total });

describe('job ETA', () => {
  it('rate over the last few events: a slow first batch does not drag it', () => {
    // First batch 5 s (warm-up), then 10 units per second.
    const s = [at(5000, 10), at(6000, 20), at(7000, 30), at(8000, 40), at(9000, 50), at(10000, 60)];
    expect(progressRate(s)).toBeCloseTo(10 / 1000, 9);
    expect(progressRate(s, 100)).toBeCloseTo(50 / 5000, 9);
    expect(progressRate([at(0, 1)])).toBeNull();
    expect(progressRate([at(0, 5), at(0, 5)])).toBeNull();
  });

  it('ETA = remaining / rate, less the time since the last event; else the estimate less the elapsed', () => {
    const s = [at(1000, 10), at(2000, 20), at(3000, 30)];
    expect(etaMs(s, 3000, 0, null)).toBeCloseTo(7000, 6);
    expect(etaMs(s, 4000, 0, null)).toBeCloseTo(6000, 6);
    expect(etaMs([], 2000, 0, 10_000)).toBe(8000);
    expect(etaMs([at(500, 1)], 2000, 0, 10_000)).toBe(8000);
    expect(etaMs([], 20_000, 0, 10_000)).toBe(0);
    expect(etaMs([], 1000, 0, null)).toBeNull();
  });

  it('says durations as people do', () => {
    expect(formatDuration(280_000)).toBe('4 min 40 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
    expect(formatDuration(40)).toBe('0.1 s');
    expect(etaText(12_000)).toBe('about 12 s left');
    expect(etaText(300)).toBe('almost done');
    expect(etaText(null)).toBe('estimating…');
  });
});

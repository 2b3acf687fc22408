// BIM metrics on hand-made cases whose answers are computed by hand.
import { describe, expect, it } from 'vitest';
import { inputDependenceRate, inputIndependenceRate, modelContrastScore, normaliseAttribution, outputChange, regionAttribution, regionShare } from './metrics';

describe('normaliseAttribution', () => {
  it('divides |map| by its 99th percentile and clips at 1', () => {
    // 100 values 1..100 with signs: the 99th percentile (nearest rank) is 99, so 100 → 1 (clipped), 99 → 1, 33 → 1/3.
    const map = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? -(i + 1) : i + 1));
    const n = normaliseAttribution(map);
    expect(n[99]).toBe(1);
    expect(n[98]).toBeCloseTo(1, 6);
    expect(n[32]).toBeCloseTo(33 / 99, 6);
    expect(n[1]).toBeCloseTo(2 / 99, 6); // sign dropped
  });

  it('falls back to the maximum for sparse maps and keeps an all-zero map at zero', () => {
    const sparse = new Float32Array(200);
    sparse[7] = -4;
    expect(normaliseAttribution(sparse)[7]).toBe(1);
    expect(Array.from(normaliseAttribution(new Float32Array(5)))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('region attribution and share', () => {
  const map = [0.2, 0.4, 1, 0, -3, 1];
  const region = [1, 1, 0, 0, 1, 0];
  it('mean inside the region', () => {
    expect(regionAttribution(map, region)).toBeCloseTo((0.2 + 0.4 - 3) / 3, 12);
    expect(regionAttribution(map, [0, 0, 0, 0, 0, 0])).toBeNaN();
  });
  it('share of |map| mass inside the region', () => {
    // inside |.|: 0.2+0.4+3 = 3.6 of 5.6
    expect(regionShare(map, region)).toBeCloseTo(3.6 / 5.6, 12);
    expect(regionShare([0, 0], [1, 0])).toBe(0);
  });
});

describe('MCS, IDR, IIR', () => {
  it('MCS is the mean paired difference', () => {
    expect(modelContrastScore([0.9, 0.5, 0.3], [0.1, 0.5, 0.6])).toBeCloseTo((0.8 + 0 - 0.3) / 3, 12);
  });

  it('IDR counts strict decreases', () => {
    // with < without in pairs 0 and 3; pair 2 ties (not counted)
    expect(inputDependenceRate([0.1, 0.5, 0.3, 0.2], [0.4, 0.2, 0.3, 0.9])).toBe(0.5);
  });

  it('IIR only over insensitive pairs, relative change < t', () => {
    // rel changes: 0.05 (pass), 0.2 (fail), 0 (two zeros, pass), 0.09 (sensitive, skipped), 0.5 (fail)
    const r = inputIndependenceRate([0.42, 0.6, 0, 0.109, 0.3], [0.4, 0.5, 0, 0.1, 0.2], [true, true, true, false, true], 0.1);
    expect(r.pairs).toBe(4);
    expect(r.rate).toBe(0.5);
    expect(inputIndependenceRate([0.5], [0.5], [false]).rate).toBeNaN();
  });

  it('output change is relative to the logit before', () => {
    expect(outputChange(10, 9.5)).toBeCloseTo(0.05, 12);
    expect(outputChange(-4, -2)).toBeCloseTo(0.5, 12);
    expect(outputChange(0, 0)).toBe(0);
  });
});

// The BIM aggregate on hand-made per-sample values: MCS, IDR, IIR and the
// accuracies by hand; the order samples come in changes nothing (bit for bit);
// bad indices and incomplete samples are refused, naming them.
import { describe, expect, it } from 'vitest';
import type { BimObjectsSample, MarkerSample } from '../api/bim-types';
import { aggregateMarker, aggregateObjects, checkIndices } from './aggregate';

const all = { object: true, scene: true, sceneWithoutObject: true };
// t = 0.1. Pair 0: insensitive (0.05), pair 1: sensitive (0.5), pair 2: object model wrong (not scored), pair 3: insensitive (0).
const pairs: BimObjectsSample[] = [
  { index: 0, correct: all, outputChange: 0.05, methods: { a: { gObject: 0.6, gScene: 0.2, gWithout: 0.4 } } },
  { index: 1, correct: all, outputChange: 0.5, methods: { a: { gObject: 0.5, gScene: 0.5, gWithout: 0.25 } } },
  { index: 2, correct: { ...all, object: false }, outputChange: 0.01, methods: null },
  { index: 3, correct: all, outputChange: 0, methods: { a: { gObject: 0.3, gScene: 0.1, gWithout: 0.1 } } },
];

describe('aggregateObjects', () => {
  it('MCS, IDR, IIR over the three scored pairs; accuracies over all four', () => {
    const r = aggregateObjects(pairs, ['a'], 0.1, null);
    expect(r.images).toBe(4);
    expect(r.used).toBe(3);
    expect(r.accuracy).toEqual({ object: 0.75, scene: 1, sceneWithoutObject: 1 });
    const [row] = r.rows;
    // MCS: mean of g_object − g_scene = (0.4 + 0 + 0.2) / 3.
    expect(row.mcs).toBeCloseTo(0.2, 12);
    // IDR: g_scene < g_without on pair 0 only (0.2 < 0.4) → 1/3.
    expect(row.idr).toBeCloseTo(1 / 3, 12);
    // IIR over the insensitive pairs 0 and 3: |0.2 − 0.4| / 0.4 = 0.5 fails, 0.1 = 0.1 passes → 1/2 over 2 pairs.
    expect(row.iir).toBe(0.5);
    expect(row.iirPairs).toBe(2);
    expect(row.gObject).toBeCloseTo(1.4 / 3, 12);
    expect(row.gScene).toBeCloseTo(0.8 / 3, 12);
    expect(row).not.toHaveProperty('ms');
    expect(r.tcav).toBeNull();
  });

  it('pieces in any order aggregate to the same numbers bit for bit; a lower t makes pair 0 sensitive too', () => {
    expect(aggregateObjects([pairs[3], pairs[1], pairs[0], pairs[2]], ['a'], 0.1, null)).toEqual(aggregateObjects(pairs, ['a'], 0.1, null));
    // t = 0.04: only pair 3 (change 0) is insensitive, and it passes.
    const r = aggregateObjects(pairs, ['a'], 0.04, null);
    expect([r.rows[0].iir, r.rows[0].iirPairs]).toEqual([1, 1]);
  });

  it('refuses a pair given twice and a scored pair without a method, naming them', () => {
    expect(() => aggregateObjects([pairs[0], pairs[0]], ['a'], 0.1, null)).toThrow(/sample 0 is given twice/);
    expect(() => aggregateObjects(pairs, ['a', 'b'], 0.1, null)).toThrow(/pair 0 has no values for b/);
  });

  it('no pairs: NaN scores, zero counts', () => {
    const r = aggregateObjects([], ['a'], 0.1, null);
    expect([r.images, r.used, r.rows[0].iirPairs]).toEqual([0, 0, 0]);
    expect(r.rows[0].mcs).toBeNaN();
    expect(r.accuracy.object).toBeNaN();
  });
});

describe('aggregateMarker', () => {
  const images: MarkerSample[] = [
    { index: 1, methods: { a: { shareShortcut: 0.1, shareClean: 0.05 }, b: { shareShortcut: 0, shareClean: 0 }, c: { shareShortcut: 0, shareClean: 0 } } },
    { index: 0, methods: { a: { shareShortcut: 0.2, shareClean: 0.05 }, b: { shareShortcut: 0, shareClean: 0 }, c: { shareShortcut: 0.1, shareClean: 0 } } },
  ];
  const acc = { shortcut: { independent: 0.5, reversed: 0 }, clean: { independent: 1, reversed: 1 } };

  it('mean shares per model, their ratio (0/0 undefined, a/0 infinite) and reveals = ratio ≥ 2', () => {
    const r = aggregateMarker(images, ['a', 'b', 'c'], acc, 0.25);
    expect([r.images, r.boxFraction]).toEqual([2, 0.25]);
    expect(r.accuracy).toBe(acc);
    const [a, b, c] = r.rows;
    // a: (0.2 + 0.1)/2 = 0.15 against (0.05 + 0.05)/2 = 0.05 → 3.
    expect(a.shareShortcut).toBeCloseTo(0.15, 12);
    expect(a.shareClean).toBeCloseTo(0.05, 12);
    expect(a.ratio).toBeCloseTo(3, 12);
    expect(a.reveals).toBe(true);
    expect(b.ratio).toBeNaN();
    expect(b.reveals).toBe(false);
    expect(c.ratio).toBe(Infinity);
    expect(c.reveals).toBe(true);
    expect(() => aggregateMarker(images, ['d'], acc, 0.25)).toThrow(/image 0 has no values for d/);
  });
});

describe('checkIndices', () => {
  it('defaults to 0…n−1; refuses out-of-range, non-integer and repeated indices', () => {
    expect(checkIndices(undefined, 3)).toEqual([0, 1, 2]);
    expect(checkIndices([2, 0], 3)).toEqual([2, 0]);
    expect(checkIndices([], 3)).toEqual([]);
    expect(() => checkIndices([3], 3)).toThrow(/"indices" must be integers in 0…2 \(n = 3\), got 3/);
    expect(() => checkIndices([-1, 0.5], 3)).toThrow(/got -1, 0.5/);
    expect(() => checkIndices([1, 1], 3)).toThrow(/twice/);
  });
});

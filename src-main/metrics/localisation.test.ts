import { describe, expect, it } from 'vitest';
import { argmax, energyPointingGame, iou, pointingGame, thresholdMap } from './localisation';

// 4×4, the object is the 2×2 block at rows 1–2, columns 2–3 (4 of 16 pixels).
const mask = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);
const shape: [number, number] = [4, 4];
const perfect = Float32Array.from(mask);
const inverted = perfect.map((v) => 1 - v);
const constant = new Float32Array(16).fill(0.3);

describe('localisation', () => {
  it('a perfect map: pointing 1, IoU 1, all energy inside', () => {
    expect(pointingGame(perfect, mask, shape)).toBe(1);
    expect(iou(perfect, mask)).toBe(1);
    expect(energyPointingGame(perfect, mask)).toBe(1);
  });

  it('an inverted map: pointing 0, IoU 0, no energy inside', () => {
    expect(pointingGame(inverted, mask, shape)).toBe(0);
    expect(iou(inverted, mask)).toBe(0);
    expect(energyPointingGame(inverted, mask)).toBe(0);
  });

  it('a constant map: its max is pixel 0 (a miss), it selects everything (IoU 4/16), energy 4/16', () => {
    expect(argmax(constant)).toBe(0);
    expect(pointingGame(constant, mask, shape)).toBe(0);
    expect(iou(constant, mask)).toBe(0.25);
    expect(energyPointingGame(constant, mask)).toBeCloseTo(0.25, 12);
  });

  it('tolerance: a maximum at (3,0) is √5 from the mask pixel (2,2): miss at 2, hit at 2.3', () => {
    const m = new Float32Array(16);
    m[12] = 1;
    expect(pointingGame(m, mask, shape, 2)).toBe(0);
    expect(pointingGame(m, mask, shape, 2.3)).toBe(1);
  });

  it('thresholds: ≥ 0.5·max by default, or exactly the top k%', () => {
    const m = Float32Array.from({ length: 16 }, (_, i) => i); // max 15 → ≥ 7.5 keeps 8..15
    expect(thresholdMap(m).reduce((a, b) => a + b, 0)).toBe(8);
    // Mask pixels 6,7,10,11 against the top 25% = pixels 12..15: no overlap → 0; top 50% (8..15): 2/10.
    expect(iou(m, mask, { kind: 'top-percent', value: 25 })).toBe(0);
    expect(iou(m, mask, { kind: 'top-percent', value: 50 })).toBeCloseTo(2 / 10, 12);
  });

  it('negative values carry no energy; an empty mask gives NaN (left out of means)', () => {
    const m = Float32Array.from(perfect, (v) => (v ? 1 : -5));
    expect(energyPointingGame(m, mask)).toBe(1);
    const empty = new Uint8Array(16);
    expect(pointingGame(perfect, empty, shape)).toBeNaN();
    expect(iou(perfect, empty)).toBeNaN();
    expect(energyPointingGame(perfect, empty)).toBeNaN();
  });
});

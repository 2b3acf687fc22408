import { describe, expect, it } from 'vitest';
import { components, largestComponentBox } from './box';
import { boxIou, maskIou, pointingHit } from './metrics';
import { quantile, saliencySeeds } from './seeds';

describe('localisation metrics', () => {
  it('mask IoU: 2 shared of 4 set pixels = 0.5; two empty masks = 1', () => {
    expect(maskIou(Uint8Array.from([1, 1, 0, 1, 0]), Uint8Array.from([1, 1, 1, 0, 0]))).toBe(0.5);
    expect(maskIou(new Uint8Array(4), new Uint8Array(4))).toBe(1);
  });

  it('box IoU: two 10×10 boxes offset by 5 px in x share 50 of 150 px', () => {
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150, 12);
    expect(boxIou({ x: 0, y: 0, width: 2, height: 2 }, { x: 5, y: 5, width: 2, height: 2 })).toBe(0);
    expect(boxIou(null, { x: 0, y: 0, width: 1, height: 1 })).toBe(0);
  });

  it('pointing game: a maximum at (3,3) misses a mask at (5,5) with tolerance 2, hits with tolerance 3', () => {
    const h = 8;
    const w = 8;
    const map = new Float32Array(h * w);
    map[3 * w + 3] = -9; // |map| counts: the signed minimum is the peak
    map[0] = 5;
    const gt = new Uint8Array(h * w);
    gt[5 * w + 5] = 1;
    expect(pointingHit(map, gt, h, w, 2)).toBe(false);
    expect(pointingHit(map, gt, h, w, 3)).toBe(true);
    gt[3 * w + 3] = 1;
    expect(pointingHit(map, gt, h, w, 0)).toBe(true);
  });

  it('largest component box: of a 3-px and a 6-px component, the box is the 6-px one', () => {
    // 5×6 grid; component A = 3 px at top-left, B = an L of 6 px.
    const m = Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(components(m, 5, 6).sizes.slice(1)).toEqual([3, 6]);
    expect(largestComponentBox(m, 5, 6)).toEqual({ x: 3, y: 1, width: 3, height: 4 });
    expect(largestComponentBox(new Uint8Array(4), 2, 2)).toBeNull();
  });

  it('quantile interpolates linearly (0..9: 95% → 8.55, 30% → 2.7); seeds split 1 fg / 3 bg of 10', () => {
    const v = Array.from({ length: 10 }, (_, i) => i);
    expect(quantile(v, 0.95)).toBeCloseTo(8.55, 6);
    expect(quantile(v, 0.3)).toBeCloseTo(2.7, 6);
    const s = saliencySeeds(v, 0.95, 0.3);
    expect([s.fgCount, s.bgCount]).toEqual([1, 3]);
  });
});

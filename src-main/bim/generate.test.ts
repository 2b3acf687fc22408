// The BIM generator: seeded, the twins differ only on the object, masks and boxes agree.
import { describe, expect, it } from 'vitest';
import { heldOutPool } from './dataset';
import { BIM_OBJECTS, BIM_SCENES, bimSample } from './generate';
import { drawShape, SHAPES, shapePool } from './shapes';
import { mulberry32 } from '../shared/random';

const pool = heldOutPool();

describe('bimSample', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = bimSample(42, pool);
    const b = bimSample(42, pool);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
    expect(a.box).toEqual(b.box);
    const c = bimSample(43, pool);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(c.image.buffer))).toBe(false);
  });

  it('the twin without the object differs only around the pasted shape; mask ⊂ box, box tight', () => {
    for (let seed = 0; seed < 8; seed++) {
      const s = bimSample(1000 + seed, pool);
      const n = s.size;
      expect(s.image.length).toBe(n * n * 3);
      expect(s.objectLabel).toBeGreaterThanOrEqual(0);
      expect(s.objectLabel).toBeLessThan(BIM_OBJECTS.length);
      expect(s.sceneLabel).toBeLessThan(BIM_SCENES.length);
      let maskPx = 0;
      let differsOutside = 0;
      let [regionOk, maskInBox, maxOutside] = [true, true, 0];
      const { x, y, width, height } = s.box;
      const edges = { l: false, r: false, t: false, b: false };
      for (let p = 0; p < n * n; p++) {
        const [px, py] = [p % n, Math.floor(p / n)];
        const inBox = px >= x && px < x + width && py >= y && py < y + height;
        regionOk &&= s.region[p] === (inBox ? 1 : 0);
        if (s.mask[p]) {
          maskPx++;
          maskInBox &&= inBox;
          edges.l ||= px === x;
          edges.r ||= px === x + width - 1;
          edges.t ||= py === y;
          edges.b ||= py === y + height - 1;
        }
        // Outside the mask the object's alpha is ≤ 0.25 (the mask threshold), so the twins differ by at most that there.
        if (!s.mask[p]) for (let c = 0; c < 3; c++) maxOutside = Math.max(maxOutside, Math.abs(s.image[p * 3 + c] - s.scene[p * 3 + c]));
        if (!inBox) differsOutside += s.image[p * 3] !== s.scene[p * 3] ? 1 : 0;
      }
      expect([regionOk, maskInBox]).toEqual([true, true]);
      expect(maxOutside).toBeLessThanOrEqual(0.25 + 1e-6);
      expect(edges).toEqual({ l: true, r: true, t: true, b: true });
      expect(maskPx).toBeGreaterThan(20);
      // …and only along the box's anti-aliased rim: a handful of pixels, not the scene.
      expect(differsOutside).toBeLessThan(2 * (width + height) + 4);
    }
  });

  it('draws scene and object labels independently and covers every class', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const s = bimSample(i, pool);
      seen.add(`${s.sceneLabel}/${s.objectLabel}`);
    }
    // 6 scenes × 5 shapes = 30 combinations; 300 independent draws miss one with probability < 30·(29/30)^300 ≈ 1e-3.
    expect(seen.size).toBe(BIM_SCENES.length * BIM_OBJECTS.length);
  });
});

describe('shapes', () => {
  it('a disc covers about π r² of the 28×28 map and a ring less', () => {
    const rand = mulberry32(5);
    const disc = drawShape(SHAPES.indexOf('disc'), rand).reduce((a, b) => a + b, 0);
    // r ∈ [9, 12.5]: area between π·81 ≈ 254 and π·156 ≈ 491.
    expect(disc).toBeGreaterThan(250);
    expect(disc).toBeLessThan(495);
    const ring = drawShape(SHAPES.indexOf('ring'), rand).reduce((a, b) => a + b, 0);
    expect(ring).toBeLessThan(disc);
    expect(shapePool(1, 3).map((c) => c.length)).toEqual([3, 3, 3, 3, 3]);
  });
});

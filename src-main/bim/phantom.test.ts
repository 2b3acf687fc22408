import { describe, expect, it } from 'vitest';
import { generatePhantom, insideEllipse } from './phantom';

const SEEDS = Array.from({ length: 60 }, (_, i) => i * 37 + 1);

describe('generatePhantom', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generatePhantom(42);
    const b = generatePhantom(42);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
    expect(Buffer.from(a.mask).equals(Buffer.from(b.mask))).toBe(true);
    expect(a.bbox).toEqual(b.bbox);
    const c = generatePhantom(43);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(c.image.buffer))).toBe(false);
  });

  it('returns 0..1 pixels of the requested size', () => {
    const p = generatePhantom(5, { size: 64 });
    expect(p.width).toBe(64);
    expect(p.height).toBe(64);
    expect(p.image.length).toBe(64 * 64);
    expect(p.mask.length).toBe(64 * 64);
    expect(Math.min(...p.image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p.image)).toBeLessThanOrEqual(1);
  });

  it('has a non-empty mask exactly when there is a nodule, about half the time', () => {
    let nodules = 0;
    for (const seed of SEEDS) {
      const p = generatePhantom(seed);
      const area = p.mask.reduce((s, v) => s + v, 0);
      expect(area > 0).toBe(p.hasNodule);
      expect(p.bbox === null).toBe(!p.hasNodule);
      if (p.hasNodule) nodules++;
    }
    expect(nodules).toBeGreaterThan(SEEDS.length * 0.3);
    expect(nodules).toBeLessThan(SEEDS.length * 0.7);
  });

  it('honours a forced nodule flag', () => {
    expect(generatePhantom(1, { nodule: true }).hasNodule).toBe(true);
    expect(generatePhantom(1, { nodule: false }).hasNodule).toBe(false);
  });

  it('puts every nodule pixel inside one lung field, and the bbox tightly encloses the mask', () => {
    for (const seed of SEEDS) {
      const p = generatePhantom(seed, { nodule: true });
      const { bbox, width } = p;
      expect(bbox).not.toBeNull();
      if (!bbox) continue;
      let minX = Infinity,
        minY = Infinity,
        maxX = -1,
        maxY = -1;
      const lungHits = [0, 0];
      let area = 0;
      p.mask.forEach((m, i) => {
        if (!m) return;
        const x = i % width;
        const y = Math.floor(i / width);
        area++;
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        p.lungs.forEach((l, k) => insideEllipse(x + 0.5, y + 0.5, l) && lungHits[k]++);
      });
      expect(Math.max(...lungHits)).toBe(area); // all pixels in the same lung
      expect(bbox).toEqual({ x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 });
    }
  });

  it('makes the nodule brighter than its surroundings', () => {
    const withN = generatePhantom(9, { nodule: true, noise: 0 });
    const without = generatePhantom(9, { nodule: false, noise: 0 });
    const n = withN.nodule!;
    const i = Math.floor(n.cy) * withN.width + Math.floor(n.cx);
    expect(withN.image[i] - without.image[i]).toBeGreaterThan(0.1);
  });
});

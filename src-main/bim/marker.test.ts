// The chest laterality-marker variant: the marker changes only its box, and the
// two training sets have the marker rates they claim.
import { describe, expect, it } from 'vitest';
import { markerPhantom, SHORTCUT_RATES, trainingPhantom } from './marker';

describe('marker phantoms', () => {
  it('the marker changes pixels only inside its box, and the box is 14×18 px in a top corner', () => {
    for (const seed of [3, 4, 5, 6]) {
      const a = markerPhantom(seed, { marker: false, nodule: true });
      const b = markerPhantom(seed, { marker: true, nodule: true });
      expect(a.box).toBeNull();
      expect(b.box).not.toBeNull();
      const { x, y, width, height } = b.box!;
      expect([width, height, y]).toEqual([14, 18, 3]);
      expect(b.marker === 'R' ? x : 96 - x - width).toBe(3);
      let changed = 0;
      for (let i = 0; i < a.image.length; i++) {
        if (a.image[i] !== b.image[i]) {
          changed++;
          expect(b.region[i]).toBe(1);
        }
      }
      // The 'L' glyph has 11 of 35 cells on, 'R' 18: at 2× scale, 44 or 72 pixels.
      expect(changed).toBe(b.marker === 'L' ? 44 : 72);
    }
  });

  it('set A ties the marker to the label (95% / 5%), set B does not', () => {
    const N = 600;
    const rates = (set: 'shortcut' | 'clean') => {
      const c = { nodule: [0, 0], normal: [0, 0] };
      for (let s = 0; s < N; s++) {
        const p = trainingPhantom(10_000_000 + s, set);
        const k = p.hasNodule ? c.nodule : c.normal;
        k[0] += p.marker ? 1 : 0;
        k[1]++;
      }
      return { nodule: c.nodule[0] / c.nodule[1], normal: c.normal[0] / c.normal[1], noduleFraction: c.nodule[1] / N };
    };
    const a = rates('shortcut');
    // ~300 per class: binomial σ = 0.0126 at 95%/5% and 0.029 at 50%, so the bounds are about 3σ.
    expect(a.noduleFraction).toBeGreaterThan(0.41);
    expect(a.noduleFraction).toBeLessThan(0.59);
    expect(Math.abs(a.nodule - SHORTCUT_RATES.nodule)).toBeLessThan(0.04);
    expect(Math.abs(a.normal - SHORTCUT_RATES.normal)).toBeLessThan(0.04);
    const b = rates('clean');
    expect(Math.abs(b.nodule - 0.5)).toBeLessThan(0.09);
    expect(Math.abs(b.normal - 0.5)).toBeLessThan(0.09);
  });
});

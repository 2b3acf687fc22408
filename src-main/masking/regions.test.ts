import { describe, expect, it } from 'vitest';
import { regionsForInput } from './regions';

const img = { name: 'x.png', width: 4, height: 4 };

describe('regions as interpretable features', () => {
  it('relabels the regions that survive the resize 0…count−1, the rest staying 0', () => {
    // Two regions (labels 3 and 7) and the unpainted rest; same size as the input.
    const labels = new Uint8Array(16);
    labels.set([3, 3], 0);
    labels.set([7, 7], 14);
    const r = regionsForInput({ width: 4, height: 4, labels }, img, 4, 4, 'stretch');
    expect(r.count).toBe(3);
    expect(Array.from(r.labels)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2]);
  });

  it('drops a region smaller than an input pixel (4×4 → 2×2 keeps only the corners)', () => {
    const labels = new Int32Array(16);
    labels[0] = 1; // a corner: survives
    labels[5] = 2; // an inner pixel: between the sampled corners
    const r = regionsForInput({ width: 4, height: 4, labels }, img, 2, 2, 'stretch');
    expect(r.count).toBe(2);
    expect(Array.from(r.labels)).toEqual([1, 0, 0, 0]);
  });

  it('refuses regions of another size, negative labels, nothing drawn, or nothing left after the resize', () => {
    expect(() => regionsForInput({ width: 2, height: 8, labels: new Uint8Array(16) }, img, 4, 4, 'stretch')).toThrow(/2×8, x.png is 4×4/);
    expect(() => regionsForInput({ width: 4, height: 4, labels: new Int32Array(16).fill(-1) }, img, 4, 4, 'stretch')).toThrow(/≥ 0/);
    expect(() => regionsForInput({ width: 4, height: 4, labels: new Uint8Array(16) }, img, 4, 4, 'stretch')).toThrow(/no region is drawn/);
    const inner = new Uint8Array(16);
    inner[5] = 1;
    expect(() => regionsForInput({ width: 4, height: 4, labels: inner }, img, 2, 2, 'stretch')).toThrow(/smaller than one pixel/);
  });
});

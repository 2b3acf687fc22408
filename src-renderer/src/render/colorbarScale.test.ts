import { describe, expect, it } from 'vitest';
import { barScale, colorbarLabel, decimalsFor, exponentText, mapTitle, niceStep, saturation, saturationText, thresholdMarks, unitText } from './colorbarScale';

const labels = (lo: number, hi: number, count?: number, gap?: number) => barScale(lo, hi, count, gap).ticks.map((t) => t.label);

describe('colour bar ticks', () => {
  it('steps are 1, 2, 2.5 or 5 × 10^k, printed with the decimals they need', () => {
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(8, 4)).toBe(2);
    expect(niceStep(0.037, 4)).toBeCloseTo(0.01, 12); // 0.00925 → 0.01
    expect(niceStep(3000, 4)).toBe(1000); // 750 → 1000
    expect([decimalsFor(0.25), decimalsFor(0.5), decimalsFor(20), decimalsFor(0.02)]).toEqual([2, 1, 0, 2]);
  });

  it('both ends are ticks: 0…0.97 reads 0, 0.25, 0.5, 0.75 and 0.97 (not "0.0, 0.5")', () => {
    const { ticks, exponent } = barScale(0, 0.97);
    expect(exponent).toBe(0);
    expect(ticks.map((t) => t.label)).toEqual(['0.00', '0.25', '0.50', '0.75', '0.97']);
    expect(ticks[0]).toMatchObject({ value: 0, at: 0, end: 'lo' });
    expect(ticks[4]).toMatchObject({ value: 0.97, at: 1, end: 'hi' });
    expect(ticks[3].at).toBeCloseTo(0.75 / 0.97, 12);
  });

  it('an end label keeps its own digits: 0…0.9734 ends in 0.973, 0…133.27 in 133', () => {
    expect(labels(0, 0.9734).at(-1)).toBe('0.973');
    expect(labels(0, 133.27)).toEqual(['0', '50', '100', '133']);
  });

  it('drops a nice tick too close to an end so labels do not overlap', () => {
    // 0…1.04 (step 0.5): 1.0 would sit at 96% of the bar, under the 1.04 end.
    expect(labels(0, 1.04)).toEqual(['0.0', '0.5', '1.04']);
    // A short bar (two intervals): 0…0.037 gets 0, 0.02 and the 0.037 end; before, a cell showed only "0.0".
    expect(labels(0, 0.037, 2)).toEqual(['0.00', '0.02', '0.037']);
    const t = barScale(0, 0.52, 4, 0.3).ticks;
    expect(t.every((x, i) => i === 0 || x.at - t[i - 1].at >= 0.3)).toBe(true);
  });

  it("with the bar's size, a tick whose label would touch an end label is dropped (−0.697…0.697 on 300 px)", () => {
    // Without it: −0.5 at 42 px, its 4-character label 27…58 px, under the end label "-0.697" (0…46 px at 7.6 px a character).
    expect(labels(-0.697, 0.697, 5, 40 / 300)).toEqual(['-0.697', '-0.5', '0.0', '0.5', '0.697']);
    const fit = { lengthPx: 300, charPx: 7.6 };
    expect(barScale(-0.697, 0.697, 5, 40 / 300, fit).ticks.map((t) => t.label)).toEqual(['-0.697', '0.0', '0.697']);
    // A longer bar has room for them.
    expect(barScale(-0.697, 0.697, 5, 40 / 600, { lengthPx: 600, charPx: 7.6 }).ticks.map((t) => t.label)).toEqual(['-0.697', '-0.5', '0.0', '0.5', '0.697']);
  });

  it('a signed range −0.037…0.037 is symmetric with 0 in the middle', () => {
    const t = barScale(-0.037, 0.037).ticks;
    expect(t.map((x) => x.label)).toEqual(['-0.037', '-0.02', '0.00', '0.02', '0.037']);
    expect(t[2].at).toBeCloseTo(0.5, 12);
  });

  it('a tiny range 0…0.0003 factors out ×10⁻⁴ instead of printing 0.0, 0.0, 0.0', () => {
    const { ticks, exponent } = barScale(0, 0.0003);
    expect(exponent).toBe(-4);
    expect(ticks.map((x) => x.label)).toEqual(['0', '1', '2', '3']);
    expect(ticks.at(-1)).toMatchObject({ value: 0.0003, end: 'hi' });
    expect(exponentText(-4)).toBe('×10⁻⁴');
    expect(unitText('abs', -4)).toBe('|attribution| ×10⁻⁴');
    expect(barScale(0, 25000).exponent).toBe(4);
    expect(labels(0, 25000)).toEqual(['0', '1', '2', '2.5']);
  });

  it('a flat range gets one tick', () => {
    expect(barScale(2, 2).ticks).toEqual([{ value: 2, at: 0, label: '2', end: 'lo' }]);
  });
});

describe('title, unit and saturation', () => {
  it('names the method, the class and what the values are', () => {
    expect(mapTitle('Grad-CAM', { label: 'nodule', index: 3 })).toBe("Grad-CAM · class 'nodule' (3)");
    expect(unitText('abs')).toBe('|attribution|');
    expect(unitText('signed')).toBe('attribution (signed)');
  });

  it('marks the clipped end: the map went past the displayed range', () => {
    expect(saturation('abs', -0.5, 0.2, 0, 0.133)).toEqual({ lo: false, hi: true });
    expect(saturation('abs', 0, 0.133, 0, 0.133)).toEqual({ lo: false, hi: false });
    expect(saturation('signed', -0.2, 0.1, -0.133, 0.133)).toEqual({ lo: true, hi: false });
    expect(saturationText('abs', 0, 0.133, { lo: false, hi: true }, 99.5)).toBe('≥ 0.133 (99.5th pct)');
    expect(saturationText('signed', -0.133, 0.133, { lo: true, hi: true }, 99)).toBe('|value| ≥ 0.133 (99th pct)');
    expect(saturationText('signed', -0.133, 0.133, { lo: true, hi: false }, 92)).toBe('≤ -0.133 (92nd pct)');
    expect(saturationText('abs', 0, 1, { lo: false, hi: false }, 99.5)).toBeNull();
  });
});

describe('threshold marks and the spoken label', () => {
  it('one mark on an abs bar, two (±level) on a signed bar', () => {
    expect(thresholdMarks(0, 8, { level: 2, magnitude: true })).toEqual([0.25]);
    expect(thresholdMarks(-8, 8, { level: 4, magnitude: true })).toEqual([0.25, 0.75]);
    expect(thresholdMarks(0, 8, null)).toEqual([]);
  });

  it('states the colormap, mode and range', () => {
    expect(colorbarLabel('viridis', 'abs', 0, 0.8, null)).toBe('Colour scale viridis, abs: 0 to 0.8');
    expect(colorbarLabel('diverging', 'signed', -1, 1, { level: 0.5, magnitude: true })).toBe(
      'Colour scale diverging, signed: -1 to 1, values with |value| below 0.5 hidden',
    );
    expect(colorbarLabel('viridis', 'abs', 0, 0.8, null, '≥ 0.8 (99.5th pct)')).toBe('Colour scale viridis, abs: 0 to 0.8, saturated ≥ 0.8 (99.5th pct)');
  });
});

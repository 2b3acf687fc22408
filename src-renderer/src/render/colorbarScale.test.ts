import { describe, expect, it } from 'vitest';
import { colorbarLabel, colorbarTicks, formatTick, niceStep, thresholdMarks } from './colorbarScale';

describe('colour bar ticks', () => {
  it('steps are 1, 2 or 5 × 10^k', () => {
    expect(niceStep(1, 4)).toBe(0.5); // 0.25 → 0.5
    expect(niceStep(8, 4)).toBe(2);
    expect(niceStep(0.037, 4)).toBeCloseTo(0.01, 12); // 0.00925 → 0.01
    expect(niceStep(3000, 4)).toBe(1000); // 750 → 1000
  });

  it('0..1 gives 0, 0.5, 1 at their positions', () => {
    expect(colorbarTicks(0, 1)).toEqual([
      { value: 0, at: 0, label: '0.0' },
      { value: 0.5, at: 0.5, label: '0.5' },
      { value: 1, at: 1, label: '1.0' },
    ]);
  });

  it('a signed range −0.037..0.037 gets symmetric ticks inside it', () => {
    const t = colorbarTicks(-0.037, 0.037);
    expect(t.map((x) => x.label)).toEqual(['-0.02', '0.00', '0.02']);
    expect(t[1].at).toBeCloseTo(0.5, 12);
    expect(t[0].at).toBeCloseTo((0.037 - 0.02) / 0.074, 12);
    expect(colorbarTicks(-0.037, 0.037, 8).map((x) => x.label)).toEqual(['-0.03', '-0.02', '-0.01', '0.00', '0.01', '0.02', '0.03']);
    expect(t.every((x) => x.at >= 0 && x.at <= 1)).toBe(true);
  });

  it('flat and tiny/huge ranges', () => {
    expect(colorbarTicks(2, 2)).toEqual([{ value: 2, at: 0, label: '2' }]);
    expect(formatTick(2e-5, 1e-5)).toBe('2.0e-5');
    expect(formatTick(250000, 50000)).toBe('2.5e+5');
    expect(formatTick(1500, 500)).toBe('1500');
    expect(formatTick(-1e-17, 0.01)).toBe('0.00');
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
  });
});

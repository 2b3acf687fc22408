import { describe, expect, it } from 'vitest';
import { imagePx } from '../tools/coords';
import { cleared, gestured, initialReading, layoutChanged, measurementsOf, regionOf, removed, toolChanged } from './reading';

describe('reading actions', () => {
  it('records a distance on the open image, numbered, and clears per image', () => {
    let s = toolChanged(initialReading, 'distance');
    expect(gestured(initialReading, { type: 'down', p: imagePx(0, 0) }, 'a', 1)).toBe(initialReading);
    s = gestured(s, { type: 'down', p: imagePx(0, 0) }, 'a', 1);
    s = gestured(s, { type: 'up', p: imagePx(50, 0) }, 'a', 1);
    s = gestured(s, { type: 'down', p: imagePx(0, 0) }, 'b', 1);
    s = gestured(s, { type: 'up', p: imagePx(0, 9) }, 'b', 1);
    expect(s.measurements.map((m) => [m.id, m.imageId, m.kind])).toEqual([
      [1, 'a', 'distance'],
      [2, 'b', 'distance'],
    ]);
    expect(measurementsOf(s.measurements, 'a')).toHaveLength(1);
    expect(cleared(s, 'a').measurements.map((m) => m.id)).toEqual([2]);
    expect(removed(s, 2).measurements.map((m) => m.id)).toEqual([1]);
  });

  it('the region is the latest area; layout and tool changes are no-ops when unchanged', () => {
    let s = toolChanged(initialReading, 'area');
    for (const p of [imagePx(0, 0), imagePx(10, 0), imagePx(10, 10)]) s = gestured(s, { type: 'down', p }, 'a', 1);
    s = gestured(s, { type: 'key', key: 'Enter' }, 'a', 1);
    expect(regionOf(measurementsOf(s.measurements, 'a'))).toEqual([imagePx(0, 0), imagePx(10, 0), imagePx(10, 10)]);
    expect(regionOf([])).toBeNull();
    expect(layoutChanged(s, 'single')).toBe(s);
    expect(layoutChanged(s, 'side').layout).toBe('side');
  });
});

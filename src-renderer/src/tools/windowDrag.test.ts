import { describe, expect, it } from 'vitest';
import { DRAG_SPAN, dragWindow, minWindowWidth } from './windowDrag';

describe('dragWindow', () => {
  it('horizontal changes the width, vertical the level, in proportion to the range', () => {
    // 8-bit: 512 px sweep the 255-unit range, so one px is 255/512 ≈ 0.498 units.
    const w8 = dragWindow({ center: 128, width: 256 }, 100, 0, { min: 0, max: 255 });
    expect(w8.center).toBe(128);
    expect(w8.width).toBeCloseTo(256 + (100 * 255) / 512, 10); // 305.80
    const l8 = dragWindow({ center: 128, width: 256 }, 0, -40, { min: 0, max: 255 });
    expect(l8).toEqual({ center: 128 - (40 * 255) / 512, width: 256 }); // 108.08
    // 16-bit CT (−1024..3071): the same 100 px move the width by 800 HU.
    const ct = dragWindow({ center: 40, width: 400 }, 100, 0, { min: -1024, max: 3071 });
    expect(ct.width).toBeCloseTo(400 + (100 * 4095) / 512, 10);
    expect(ct.width - 400).toBeCloseTo(799.8, 1);
    // Dragging the full DRAG_SPAN moves the level by the full range.
    expect(dragWindow({ center: 0, width: 10 }, 0, DRAG_SPAN, { min: 0, max: 1000 }).center).toBe(1000);
  });

  it('never narrows the window below the minimum width, and keeps other fields (invert)', () => {
    const w = dragWindow({ center: 10, width: 5, invert: true }, -10_000, 0, { min: 0, max: 255 });
    expect(w).toEqual({ center: 10, width: 1, invert: true });
    const f = dragWindow({ center: 0.5, width: 0.1 }, -10_000, 0, { min: 0, max: 1 }, 1e-6);
    expect(f.width).toBe(1e-6);
  });

  it('a flat image still moves (range floored at the minimum width)', () => {
    expect(dragWindow({ center: 7, width: 1 }, 0, 512, { min: 7, max: 7 }).center).toBe(8);
  });
});

describe('minWindowWidth', () => {
  const base = { min: 0, max: 255, dicom: null };
  it('is one unit for integer samples, a millionth of the range for float data', () => {
    expect(minWindowWidth({ ...base, bitDepth: 8 })).toBe(1);
    expect(minWindowWidth({ ...base, bitDepth: 16, max: 65535 })).toBe(1);
    expect(minWindowWidth({ ...base, bitDepth: 32, max: 2 })).toBeCloseTo(2e-6, 15);
    const dicom = { rescaleSlope: 0.5, rescaleIntercept: 0 } as never;
    expect(minWindowWidth({ ...base, bitDepth: 16, max: 100, dicom })).toBeCloseTo(1e-4, 12);
  });
});

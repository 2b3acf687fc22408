import { describe, expect, it } from 'vitest';
import type { ImagePixels } from '../../../src-main/api/types';
import { defaultWindow, pixelsToRgba, windowBounds, windowFromBounds } from './windowLevel';

const grey = (values: number[], over: Partial<ImagePixels> = {}): ImagePixels => ({
  width: values.length,
  height: 1,
  channels: 1,
  data: Float32Array.from(values),
  window: [0, 255],
  invert: false,
  ...over,
});
const reds = (rgba: Uint8ClampedArray) => Array.from(rgba).filter((_, i) => i % 4 === 0);

describe('pixelsToRgba', () => {
  it('maps the window linearly onto 0..255 and clamps outside it', () => {
    // DICOM-like values: window centre 40, width 400 → [-160, 240].
    const px = grey([-1000, -160, 40, 140, 240, 3000]);
    const out = pixelsToRgba(px, { center: 40, width: 400 });
    expect(reds(out.rgba)).toEqual([0, 0, 128, 191, 255, 255]);
  });

  it('writes grey into R, G and B with opaque alpha', () => {
    const out = pixelsToRgba(grey([0, 255]), windowFromBounds(0, 255));
    expect(Array.from(out.rgba)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect(out).toMatchObject({ width: 2, height: 1, step: 1 });
  });

  it('inverts MONOCHROME1 after windowing', () => {
    const px = grey([0, 100, 200], { invert: true, window: [0, 200] });
    const out = pixelsToRgba(px, windowFromBounds(0, 200));
    // 100 windows to 127.5 → 128; inverted 255 − 128 = 127.
    expect(reds(out.rgba)).toEqual([255, 127, 0]);
    // Explicit override, e.g. a user toggle.
    expect(reds(pixelsToRgba(px, windowFromBounds(0, 200), false).rgba)).toEqual([0, 128, 255]);
  });

  it('windows each colour channel and ignores alpha', () => {
    const px: ImagePixels = {
      width: 1,
      height: 1,
      channels: 4,
      data: Float32Array.from([10, 20, 30, 0]),
      window: [0, 40],
      invert: false,
    };
    expect(Array.from(pixelsToRgba(px, windowFromBounds(0, 40)).rgba)).toEqual([64, 128, 191, 255]);
  });

  it('thresholds at the centre for a zero-width window', () => {
    const out = pixelsToRgba(grey([99, 100, 101]), { center: 100, width: 0 });
    expect(reds(out.rgba)).toEqual([0, 255, 255]);
  });

  it('subsamples images larger than the display limit, keeping row-major order', () => {
    const data = Float32Array.from({ length: 16 }, (_, i) => i * 10);
    const px: ImagePixels = { width: 4, height: 4, channels: 1, data, window: [0, 255], invert: false };
    const out = pixelsToRgba(px, windowFromBounds(0, 255), false, 2);
    expect(out).toMatchObject({ width: 2, height: 2, step: 2 });
    expect(reds(out.rgba)).toEqual([0, 20, 80, 100]);
  });

  it('windowBounds inverts windowFromBounds', () => {
    expect(windowBounds(windowFromBounds(-160, 240))).toEqual([-160, 240]);
  });
});

describe("the window's invert toggle", () => {
  it('flips the photometric default: MONOCHROME2 shows inverted, MONOCHROME1 upright', () => {
    const m2 = grey([0, 100, 200], { window: [0, 200] });
    expect(reds(pixelsToRgba(m2, { ...windowFromBounds(0, 200), invert: true }).rgba)).toEqual([255, 127, 0]);
    const m1 = grey([0, 100, 200], { window: [0, 200], invert: true });
    expect(reds(pixelsToRgba(m1, { ...windowFromBounds(0, 200), invert: true }).rgba)).toEqual([0, 128, 255]);
    expect(reds(pixelsToRgba(m1, { ...windowFromBounds(0, 200), invert: false }).rgba)).toEqual([255, 127, 0]);
  });
});

describe('pixelsToRgba table lookup', () => {
  it('whole samples 0…255 (looked up) and the others (computed) both follow the ramp', () => {
    const values = [...Array.from({ length: 256 }, (_, v) => v), 0.5, 99.5, -3, 300, 1000.25];
    const px = { width: values.length, height: 1, channels: 1 as const, data: Float32Array.from(values), window: [0, 255] as [number, number], invert: false };
    const win = windowFromBounds(10, 210);
    const ramp = (v: number) => Math.min(255, Math.max(0, Math.round(((v - 10) / 200) * 255)));
    const got = Array.from(pixelsToRgba(px, win).rgba.filter((_, i) => i % 4 === 0));
    expect(got).toEqual(values.map(ramp));
    // 110 is the window's middle: (100 / 200) · 255 = 127.5 rounds to 128; 0.5 and 99.5 fall below 10 / inside.
    expect(got[110]).toBe(128);
    expect(got[257]).toBe(ramp(99.5));
  });

  it('16-bit samples (a level of a 16-bit image) are looked up over 0…65535', () => {
    const values = [0, 1000, 2047, 2048, 3000, 4095, 65535];
    const px = { width: values.length, height: 1, channels: 1 as const, data: Uint16Array.from(values), window: [0, 4095] as [number, number], invert: false };
    const got = Array.from(pixelsToRgba(px, windowFromBounds(1000, 3000)).rgba.filter((_, i) => i % 4 === 0));
    // (v − 1000) / 2000 · 255: 2047 → 133.49 → 133, 2048 → 133.62 → 134.
    expect(got).toEqual([0, 0, 133, 134, 255, 255, 255]);
  });
});

describe('defaultWindow', () => {
  it("a DICOM VOI window opens on the file's width (256, 1600), not the PS3.3 span WW − 1 (255, 1599)", () => {
    // The engine's bounds for WC/WW 128/256 are [0, 255]; for 600/1600 [-200, 1399] (dicom-real.test.ts).
    expect(defaultWindow({ windowCenter: 128, windowWidth: 256 }, [0, 255])).toEqual({ center: 128, width: 256 });
    expect(defaultWindow({ windowCenter: 600, windowWidth: 1600 }, [-200, 1399])).toEqual({ center: 600, width: 1600 });
  });

  it('without a VOI window (or not DICOM) the bounds give centre and width', () => {
    expect(defaultWindow(null, [0, 255])).toEqual({ center: 127.5, width: 255 });
    expect(defaultWindow({ windowCenter: null, windowWidth: null }, [127, 2145])).toEqual({ center: 1136, width: 2018 });
    expect(defaultWindow(null, [5, 5]).width).toBeGreaterThan(0);
  });
});

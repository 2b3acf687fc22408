import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { colorize } from '../shared/colormap';
import { loadImageFile } from './load';
import { displayRgb, renderOverlay, resizeBilinear, writeOverlayPng } from './overlay';
import { HAVE_SHARED as HAVE_SHARED_DATA, shared } from '../testing/shared-data';
const dataPath = (rel: string): string => shared(rel);

const dir = mkdtempSync(join(tmpdir(), 'io-overlay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grey = (data: number[], width: number, window: [number, number], invert = false) => ({
  width,
  height: data.length / width,
  channels: 1 as const,
  data: Float32Array.from(data),
  window,
  invert,
});

describe('displayRgb', () => {
  it('applies the window, clips, and replicates grey to RGB', () => {
    const rgb = displayRgb(grey([-50, 0, 50, 100, 400], 5, [0, 100]));
    expect(Array.from(rgb)).toEqual([0, 0, 0, 0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 255, 255]);
  });

  it('MONOCHROME1 displays inverted', () => {
    expect(Array.from(displayRgb(grey([0, 100], 2, [0, 100], true)))).toEqual([255, 255, 255, 0, 0, 0]);
  });

  it('RGBA is composited over white', () => {
    const img = {
      width: 2,
      height: 1,
      channels: 4 as const,
      data: Float32Array.of(0, 0, 0, 255, 0, 0, 0, 0),
      window: [0, 255] as [number, number],
      invert: false,
    };
    expect(Array.from(displayRgb(img))).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it.skipIf(!HAVE_SHARED_DATA)('a real MONOCHROME1 DX: stored 255 shows black', async () => {
    const img = await loadImageFile(dataPath('dicom/highdicom_dx_mono1_explicit_vr.dcm'));
    const rgb = displayRgb(img);
    const i = img.data.indexOf(255);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(rgb[3 * i]).toBe(0);
  });
});

describe('resizeBilinear', () => {
  it('uses half-pixel centres (align_corners=false)', () => {
    const out = resizeBilinear([0, 1, 2, 3], 2, 2, 4, 4);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(Array.from(out.subarray(12, 16))).toEqual([2, 2.25, 2.75, 3]);
    expect(out[5]).toBeCloseTo(0.75, 6); // source (0.25, 0.25): 0.25 across + 0.25 down × 2
  });

  it('is the identity at the same size and stretches non-uniformly', () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i * i);
    expect(Array.from(resizeBilinear(src, 3, 4, 3, 4))).toEqual(Array.from(src));
    expect(resizeBilinear(src, 3, 4, 30, 8).length).toBe(240);
  });
});

describe('overlay', () => {
  const image = grey([0, 50, 100, 150, 200, 250], 3, [0, 255]);
  const map = Float32Array.from([0, 1, 2, 3, 4, 5]);

  it('opacity 0 is the image, opacity 1 is the coloured map', () => {
    const none = renderOverlay(image, map, [2, 3], { colormap: 'viridis', opacity: 0, mode: 'raw' });
    expect(Array.from(none.rgb)).toEqual(Array.from(displayRgb(image)));
    const all = renderOverlay(image, map, [2, 3], { colormap: 'viridis', opacity: 1, mode: 'raw' });
    const { rgba } = colorize(map, { colormap: 'viridis', mode: 'raw' });
    expect(Array.from(all.rgb)).toEqual(Array.from(rgba).filter((_, i) => i % 4 !== 3));
    expect([all.lo, all.hi]).toEqual([0, 5]);
  });

  it('abs mode takes magnitudes before resizing', () => {
    const signed = Float32Array.of(-1, 1, -1, 1);
    const r = renderOverlay(grey([0, 0, 0, 0], 2, [0, 1]), signed, [2, 2], { colormap: 'gray', opacity: 1, mode: 'abs' });
    expect(Array.from(r.rgb)).toEqual(new Array(12).fill(255));
  });

  it('refuses a map whose shape does not match', () => {
    expect(() => renderOverlay(image, map, [3, 3], { colormap: 'jet', opacity: 0.5, mode: 'abs' })).toThrow(/shape 3×3/);
  });

  it('writes a PNG of the image size, creating the folder', async () => {
    const path = join(dir, 'nested', 'o.png');
    const res = await writeOverlayPng(path, image, map, [2, 3], { colormap: 'jet', opacity: 0.4, mode: 'raw' });
    expect(res).toMatchObject({ width: 3, height: 2, lo: 0, hi: 5 });
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3, 2, 3]);
    const expected = renderOverlay(image, map, [2, 3], { colormap: 'jet', opacity: 0.4, mode: 'raw' }).rgb;
    expect(Array.from(data)).toEqual(Array.from(expected));
  });

  it.skipIf(!HAVE_SHARED_DATA)('a 7x7 map over chelsea is stretched to 451x300, hot in the middle', async () => {
    const img = await loadImageFile(dataPath('images/skimage_chelsea.png'));
    const small = Float32Array.from({ length: 49 }, (_, i) => Math.exp(-((Math.floor(i / 7) - 3) ** 2 + ((i % 7) - 3) ** 2) / 2));
    const path = join(dir, 'chelsea.png');
    await writeOverlayPng(path, img, small, [7, 7], { colormap: 'jet', opacity: 1, mode: 'abs' });
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([451, 300]);
    const px = (x: number, y: number) => Array.from(data.subarray((y * 451 + x) * 3, (y * 451 + x) * 3 + 3));
    const [rc, , bc] = px(225, 150);
    const [r0, , b0] = px(0, 0);
    expect(rc).toBeGreaterThan(bc); // jet top: red
    expect(b0).toBeGreaterThan(r0); // jet bottom: blue
  });
});

import { describe, expect, it } from 'vitest';
import { validateRequest } from '../api/validate';
import type { DecodedImage } from './decoded';
import { cutTile, tileProblem } from './tile';

// 6×4 RGB image whose sample at (x, y, c) is 100·y + 10·x + c: every value names its place.
const W = 6;
const H = 4;
const img: DecodedImage = {
  kind: 'raster',
  format: 'png',
  width: W,
  height: H,
  channels: 3,
  bitDepth: 8,
  data: Float32Array.from({ length: W * H * 3 }, (_, i) => 100 * Math.floor(i / 3 / W) + 10 * (Math.floor(i / 3) % W) + (i % 3)),
  min: 0,
  max: 352,
  window: [0, 255],
  invert: false,
  dicom: null,
  notes: [],
};

describe('image tiles', () => {
  it('cuts the region at full resolution, row by row', () => {
    const t = cutTile(img, { x: 2, y: 1, w: 3, h: 2, maxSide: 64 });
    expect([t.width, t.height, t.channels]).toEqual([3, 2, 3]);
    expect(t.region).toEqual({ x: 2, y: 1, width: 3, height: 2 });
    // Row y=1: x=2,3,4; row y=2: x=2,3,4 (channel 0 only shown).
    expect([...t.data].filter((_, i) => i % 3 === 0)).toEqual([120, 130, 140, 220, 230, 240]);
    expect(t.data[3 * 5 + 2]).toBe(242);
  });

  it('reduces a region larger than maxSide by the smallest integer factor, averaging whole blocks', () => {
    const t = cutTile(img, { x: 0, y: 0, w: 6, h: 4, maxSide: 3 });
    expect([t.width, t.height]).toEqual([3, 2]);
    // Block (0,0): x 0..1, y 0..1 → channel 0 mean of 0, 10, 100, 110 = 55.
    expect(t.data[0]).toBe(55);
    // Block (2,1): x 4..5, y 2..3 → mean of 240, 250, 340, 350 = 295 (+1 in channel 1).
    expect(t.data[(1 * 3 + 2) * 3 + 1]).toBe(296);
  });

  it('refuses hostile regions with the reason', () => {
    expect(tileProblem(W, H, { x: -1, y: 0, w: 2, h: 2, maxSide: 64 })).toMatch(/outside/);
    expect(tileProblem(W, H, { x: 0, y: 0, w: 0, h: 2, maxSide: 64 })).toMatch(/empty/);
    expect(tileProblem(W, H, { x: 5, y: 0, w: 2, h: 2, maxSide: 64 })).toMatch(/runs past the 6×4 image/);
    expect(tileProblem(W, H, { x: 0, y: 0, w: 1e9, h: 1e9, maxSide: 64 })).toMatch(/runs past/);
    expect(tileProblem(W, H, { x: 0.5, y: 0, w: 2, h: 2, maxSide: 64 })).toMatch(/integers/);
    expect(tileProblem(W, H, { x: 2 ** 60, y: 0, w: 2, h: 2, maxSide: 64 })).toMatch(/integers/);
    expect(tileProblem(W, H, { x: 0, y: 0, w: 6, h: 4, maxSide: 64 })).toBeNull();
    expect(() => cutTile(img, { x: 4, y: 3, w: 3, h: 1, maxSide: 64 })).toThrow(/imageTile: the region 3×1 at \(4, 3\) runs past/);
  });

  it('the op spec refuses what no image could serve, before the engine sees it', () => {
    const ok = { imageId: 'image-1', x: 0, y: 0, w: 256, h: 256, maxSide: 1200 };
    expect(() => validateRequest('imageTile', ok)).not.toThrow();
    expect(() => validateRequest('imageTile', { ...ok, x: -1 })).toThrow('imageTile: "x" must be an integer in 0…65535');
    expect(() => validateRequest('imageTile', { ...ok, w: 1e9 })).toThrow('imageTile: "w" must be an integer in 1…65536');
    expect(() => validateRequest('imageTile', { ...ok, h: 0 })).toThrow('"h" must be an integer in 1…65536');
    expect(() => validateRequest('imageTile', { ...ok, y: 1.5 })).toThrow('"y" must be an integer');
    expect(() => validateRequest('imageTile', { ...ok, maxSide: 100_000 })).toThrow('"maxSide" must be an integer in 16…4096');
    expect(() => validateRequest('imageTile', { ...ok, x: '0' })).toThrow('"x" must be an integer');
    const { w: _w, ...noW } = ok;
    expect(() => validateRequest('imageTile', noW)).toThrow('"w" must be an integer');
  });
});

import { encode } from 'fast-png';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRaster } from './image';
import { displayLevel } from './level';
import { rasterLevel } from './raster-level';

/** A smooth w×h RGB ramp (red along x, green along y), encoded as `format`. */
async function ramp(w: number, h: number, format: 'jpeg' | 'png16'): Promise<Uint8Array> {
  const sixteen = format === 'png16';
  const px = sixteen ? new Uint16Array(w * h * 3) : new Uint8Array(w * h * 3);
  const top = sixteen ? 65535 : 255;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      px[i] = Math.round((x / (w - 1)) * top);
      px[i + 1] = Math.round((y / (h - 1)) * top);
      px[i + 2] = Math.round(top / 2);
    }
  // fast-png writes 16-bit samples as given; sharp's raw input is 8-bit only.
  if (sixteen) return encode({ width: w, height: h, data: px, depth: 16, channels: 3 });
  return new Uint8Array(
    await sharp(Buffer.from(px.buffer), { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
}

const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('display level decoded from the file', () => {
  it('has the box level size and, on a smooth JPEG, its values within a grey level', async () => {
    const img = await decodeRaster('ramp.jpg', await ramp(1000, 600, 'jpeg'), 'jpeg');
    const level = (await rasterLevel(img, 256))!;
    const box = displayLevel(img, 256);
    // f = ceil(1000 / 256) = 4: 250×150, like the box level.
    expect([level.width, level.height, level.channels]).toEqual([250, 150, 3]);
    expect(level.full).toEqual({ width: 1000, height: 600 });
    // 8-bit samples travel as bytes (a quarter of Float32's).
    expect(level.data).toBeInstanceOf(Uint8Array);
    expect(level.data.length).toBe(250 * 150 * 3);
    expect(meanAbsDiff(level.data, box.data)).toBeLessThan(1);
    // The red ramp survives: ~0 at the left, ~255 at the right.
    expect(level.data[0]).toBeLessThan(8);
    expect(level.data[(75 * 250 + 249) * 3]).toBeGreaterThan(247);
  });

  it('keeps 16-bit samples 16-bit', async () => {
    const img = await decodeRaster('ramp.png', await ramp(300, 200, 'png16'), 'png');
    expect(img.bitDepth).toBe(16);
    const level = (await rasterLevel(img, 100))!;
    expect([level.width, level.height]).toEqual([100, 67]);
    expect(level.data).toBeInstanceOf(Uint16Array);
    expect(meanAbsDiff(level.data, displayLevel(img, 100).data)).toBeLessThan(65535 * 0.005);
    expect(Math.max(...level.data.filter((_, i) => i % 3 === 0))).toBeGreaterThan(60000);
  });

  it('keeps 16-bit grey one channel, values on its 12-bit range', async () => {
    const w = 400;
    const h = 300;
    const px = Uint16Array.from({ length: w * h }, (_, i) => Math.round(((i % w) / (w - 1)) * 4095));
    const img = await decodeRaster('grey.png', encode({ width: w, height: h, data: px, depth: 16, channels: 1 }), 'png');
    expect([img.channels, img.bitDepth, img.max]).toEqual([1, 16, 4095]);
    const level = (await rasterLevel(img, 100))!;
    expect([level.width, level.height, level.channels]).toEqual([100, 75, 1]);
    expect(meanAbsDiff(level.data, displayLevel(img, 100).data)).toBeLessThan(4095 * 0.01);
  });

  it('gives null when the image fits (the page gets the image itself)', async () => {
    const img = await decodeRaster('ramp.jpg', await ramp(200, 100, 'jpeg'), 'jpeg');
    expect(await rasterLevel(img, 256)).toBeNull();
    expect(await rasterLevel({ ...img, source: undefined }, 64)).toBeNull();
  });
});

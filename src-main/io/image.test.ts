// Raster decoding through sharp: real PNG/JPEG files and generated 8/16-bit
// PNG, TIFF and WebP whose sample values are known exactly.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadImageBytes, loadImageFile } from './load';
import { decodePngReference } from './testing/png-reference';
import { buildTiff } from './testing/raster-fixtures';
import { HAVE_SHARED as HAVE_SHARED_DATA, shared } from '../testing/shared-data';
const dataPath = (rel: string): string => shared(rel);

const img = (f: string) => dataPath(`images/${f}`);

describe.skipIf(!HAVE_SHARED_DATA)('real images (../shared/data/images)', () => {
  it.each([
    ['skimage_camera.png', 512, 512, 1],
    ['skimage_chelsea.png', 451, 300, 3],
    ['skimage_horse.png', 400, 328, 4],
  ])('%s decodes to the same samples as an independent PNG decode', async (file, w, h, ch) => {
    const im = await loadImageFile(img(file));
    expect([im.width, im.height, im.channels, im.bitDepth, im.kind]).toEqual([w, h, ch, 8, 'raster']);
    expect(im.window).toEqual([0, 255]);
    const ref = decodePngReference(new Uint8Array(readFileSync(img(file))));
    expect(ref.channels).toBe(ch);
    let mismatches = 0;
    for (let i = 0; i < ref.data.length; i++) if (im.data[i] !== ref.data[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('horse: RGBA, black silhouette on an opaque white ground (not transparent, despite PROVENANCE)', async () => {
    const im = await loadImageFile(img('skimage_horse.png'));
    let opaque = 0;
    let whiteOrBlack = 0;
    for (let i = 0; i < im.data.length; i += 4) {
      if (im.data[i + 3] === 255) opaque++;
      if ((im.data[i] === 255 || im.data[i] === 0) && im.data[i] === im.data[i + 1] && im.data[i] === im.data[i + 2]) whiteOrBlack++;
    }
    const n = im.width * im.height;
    expect(opaque / n).toBeGreaterThan(0.999);
    expect(whiteOrBlack / n).toBeGreaterThan(0.95);
  });

  it('a baseline JPEG (rocket) decodes as RGB', async () => {
    const im = await loadImageFile(img('skimage_rocket.jpg'));
    expect([im.width, im.height, im.channels, im.format]).toEqual([640, 427, 3, 'jpeg']);
  });
});

const ramp16 = (n: number) => Uint16Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 65536);

describe('16-bit and generated rasters', () => {
  it('16-bit grey PNG round-trips exactly and opens on its own range', async () => {
    const v = ramp16(7 * 5);
    const png = await sharp(v, { raw: { width: 7, height: 5, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const im = await loadImageBytes('g16.png', png);
    expect([im.channels, im.bitDepth]).toEqual([1, 16]);
    expect(Array.from(im.data)).toEqual(Array.from(v));
    expect(im.window).toEqual([Math.min(...v), Math.max(...v)]);
  });

  it('16-bit RGBA PNG round-trips exactly', async () => {
    const v = ramp16(4 * 3 * 4);
    const png = await sharp(v, { raw: { width: 4, height: 3, channels: 4 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const im = await loadImageBytes('rgba16.png', png);
    expect([im.channels, im.bitDepth]).toEqual([4, 16]);
    expect(Array.from(im.data)).toEqual(Array.from(v));
  });

  it.each([
    [1, 16],
    [3, 16],
    [4, 16],
    [1, 8],
    [3, 8],
  ] as const)('TIFF with %i channel(s) at %i bits round-trips exactly', async (spp, bits) => {
    const n = 5 * 4 * spp;
    const v = bits === 16 ? ramp16(n) : Uint8Array.from({ length: n }, (_, i) => (i * 31) % 256);
    const im = await loadImageBytes('t.tif', buildTiff(5, 4, spp, bits, v));
    expect([im.width, im.height, im.channels, im.bitDepth, im.format]).toEqual([5, 4, spp, bits, 'tiff']);
    expect(Array.from(im.data)).toEqual(Array.from(v));
  });

  it('lossless WebP round-trips exactly', async () => {
    const v = Uint8Array.from({ length: 6 * 5 * 3 }, (_, i) => (i * 53) % 256);
    const webp = await sharp(v, { raw: { width: 6, height: 5, channels: 3 } })
      .webp({ lossless: true })
      .toBuffer();
    const im = await loadImageBytes('x.webp', webp);
    expect([im.channels, im.format]).toEqual([3, 'webp']);
    expect(Array.from(im.data)).toEqual(Array.from(v));
  });

  it('grey + alpha becomes RGBA (the API has no 2-channel form)', async () => {
    const ga = Uint8Array.of(10, 255, 20, 128, 30, 0, 40, 255);
    const png = await sharp(ga, { raw: { width: 2, height: 2, channels: 2 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const im = await loadImageBytes('ga.png', png);
    expect(im.channels).toBe(4);
    expect(Array.from(im.data)).toEqual([10, 10, 10, 255, 20, 20, 20, 128, 30, 30, 30, 0, 40, 40, 40, 255]);
    expect([im.min, im.max]).toEqual([10, 40]);
  });

  it('EXIF orientation is applied', async () => {
    const v = Uint8Array.of(0, 50, 100, 150, 200, 250); // 3 wide, 2 high
    const jpg = await sharp(v, { raw: { width: 3, height: 2, channels: 1 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const im = await loadImageBytes('rot.jpg', jpg);
    expect([im.width, im.height]).toEqual([2, 3]); // 90° rotation swaps the sides
  });
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUri } from './png';

describe('PNG writer', () => {
  it('an RGB image decodes (by sharp) to the exact pixels written', async () => {
    const [w, h] = [5, 3];
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const { data, info } = await sharp(encodePng(rgb, w, h, 3))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([5, 3, 3]);
    expect(Array.from(data)).toEqual(Array.from(rgb));
  });

  it('grey and RGBA round-trip too; a 300×300 RGB image too', async () => {
    const grey = Uint8Array.from({ length: 4 * 2 }, (_, i) => i * 30);
    expect((await sharp(encodePng(grey, 4, 2, 1)).metadata()).channels).toBe(1);
    const g = await sharp(encodePng(grey, 4, 2, 1))
      .extractChannel(0)
      .raw()
      .toBuffer();
    expect(Array.from(g)).toEqual(Array.from(grey));
    const rgba = Uint8Array.from({ length: 3 * 3 * 4 }, (_, i) => 255 - i);
    const a = await sharp(encodePng(rgba, 3, 3, 4))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Array.from(a.data)).toEqual(Array.from(rgba));
    const big = Uint8Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7) % 251);
    const b = await sharp(encodePng(big, 300, 300, 3))
      .raw()
      .toBuffer();
    expect(b.equals(Buffer.from(big))).toBe(true);
    expect(() => encodePng(big, 10, 10, 3)).toThrow(/values for 10×10×3/);
  });

  it('data URIs carry the PNG signature in base64', () => {
    expect(pngDataUri([0, 0, 0], 1, 1, 3)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });
});

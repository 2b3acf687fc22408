// Every broken input gives a specific code and one line naming the file. The
// bad files are generated here in a temp dir, never shipped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageLoadError, loadImageFile, type ImageLoadErrorCode } from './load';
import { buildDicom, imageElements } from './testing/fixtures';
import { craftPngHeader } from './testing/raster-fixtures';

let dir = '';
const put = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

async function expectFailure(path: string, code: ImageLoadErrorCode, pattern: RegExp): Promise<string> {
  const err = await loadImageFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageLoadError);
  const e = err as ImageLoadError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(pattern);
  expect(e.message).not.toMatch(/\n/);
  return e.message;
}

// A noisy 64x64 RGB picture compresses badly, so cutting it really cuts image data.
const noise = Buffer.from(Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => (Math.imul(i, 2654435761) >>> 13) & 255));
const raw = { raw: { width: 64, height: 64, channels: 3 as const } };

/** A small valid explicit-VR DICOM with 64x64 16-bit pixels; returns bytes and the pixel data offset. */
function smallDicom(transferSyntax: string): { bytes: Uint8Array; pixelOffset: number } {
  const pixels = new Uint8Array(64 * 64 * 2).map((_, i) => i % 251);
  const bytes = buildDicom({ transferSyntax, elements: imageElements({ rows: 64, columns: 64, bitsAllocated: 16 }), pixels });
  return { bytes, pixelOffset: bytes.length - pixels.length };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'io-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clear errors for bad files', () => {
  it('0-byte file', async () => {
    const msg = await expectFailure(put('empty.png', new Uint8Array(0)), 'empty-file', /empty/);
    expect(msg).toBe('empty.png: file is empty (0 bytes)');
  });

  it('missing file', async () => {
    await expectFailure(join(dir, 'nope.png'), 'not-found', /^nope\.png: file not found/);
  });

  it('a text file renamed .png: named as text, its words not quoted', async () => {
    const msg = await expectFailure(put('notes.png', 'hello, these are my notes\nline two\n'), 'not-an-image', /text/);
    expect(msg).toBe('notes.png: not a PNG image: the content is text; expected PNG, JPEG, WebP, TIFF or DICOM');
  });

  it('no byte of a file reaches its error: a /etc/shadow-like line', async () => {
    const line = 'root:*:20228:0:99999:7:::\n';
    for (const name of ['shadow', 'shadow.png', 'shadow.dcm']) {
      const msg = await expectFailure(put(name, line.repeat(3)), 'not-an-image', /the content is text/);
      expect(msg).not.toMatch(/root|20228|99999/);
    }
  });

  it('a DICOM data set dicom-parser cannot parse: a fixed description, not the library text', async () => {
    const sq = { tag: 0x00081110, vr: 'SQ', value: Uint8Array.from('root:*:2', (c) => c.charCodeAt(0)) };
    const bytes = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.1',
      elements: [...imageElements({ rows: 1, columns: 1, bitsAllocated: 8 }), sq],
      pixels: Uint8Array.of(1, 2),
    });
    expect(await expectFailure(put('sq.dcm', bytes), 'corrupt', /cannot be parsed/)).toBe('sq.dcm: DICOM data set cannot be parsed');
  });

  it('a truncated PNG', async () => {
    const png = await sharp(noise, raw).png().toBuffer();
    // sharp's own text (libpng, libjpeg: byte counts, marker values) picks the code but is not shown.
    expect(await expectFailure(put('cut.png', png.subarray(0, Math.floor(png.length * 0.6))), 'truncated', /^cut\.png: PNG file is truncated/)).toBe(
      'cut.png: PNG file is truncated',
    );
  });

  it('a corrupt JPEG (garbage in the entropy-coded data)', async () => {
    const jpg = Buffer.from(await sharp(noise, raw).jpeg().toBuffer());
    const mid = Math.floor(jpg.length / 2);
    for (let i = mid; i < mid + 200; i++) jpg[i] = (i * 37) & 255;
    expect(await expectFailure(put('bad.jpg', jpg), 'corrupt', /^bad\.jpg: JPEG data is corrupt/)).toBe('bad.jpg: JPEG data is corrupt');
  });

  it('a truncated JPEG', async () => {
    const jpg = await sharp(noise, raw).jpeg().toBuffer();
    await expectFailure(put('cut.jpg', jpg.subarray(0, Math.floor(jpg.length * 0.6))), 'truncated', /JPEG file is truncated/);
  });

  it.each([
    ['explicit VR', '1.2.840.10008.1.2.1'],
    ['implicit VR', '1.2.840.10008.1.2'],
  ])('a DICOM (%s) cut in the header', async (_label, ts) => {
    const { bytes } = smallDicom(ts);
    await expectFailure(put('head.dcm', bytes.subarray(0, 300)), 'truncated', /^head\.dcm: DICOM file is truncated in the header/);
  });

  it.each([
    ['explicit VR', '1.2.840.10008.1.2.1'],
    ['implicit VR', '1.2.840.10008.1.2'],
  ])('a DICOM (%s) cut in the pixel data', async (_label, ts) => {
    const { bytes, pixelOffset } = smallDicom(ts);
    await expectFailure(put('pix.dcm', bytes.subarray(0, pixelOffset + 1000)), 'truncated', /^pix\.dcm: DICOM file is truncated in the pixel data/);
  });

  it('a .dcm that is not DICOM', async () => {
    const junk = Uint8Array.from({ length: 4096 }, (_, i) => (Math.imul(i, 40503) >>> 7) & 255);
    const msg = await expectFailure(put('scan.dcm', junk), 'not-an-image', /not a DICOM file/);
    expect(msg).toMatch(/^scan\.dcm: not a DICOM file \(no DICM marker at byte 128\)/);
  });

  it('a PNG whose IHDR declares 30000x30000 is refused by its header, fast', async () => {
    const path = put('bomb.png', craftPngHeader(30000, 30000));
    const t = performance.now();
    const msg = await expectFailure(path, 'too-large', /30000×30000 is 900 megapixels, above the 100 megapixel limit/);
    expect(msg.startsWith('bomb.png: ')).toBe(true);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('content beats extension', () => {
  it('a PNG named .dcm loads as PNG with a note', async () => {
    const png = await sharp(noise, raw).png().toBuffer();
    const img = await loadImageFile(put('actually-png.dcm', png));
    expect(img.format).toBe('png');
    expect(img.notes.join(' ')).toMatch(/named \.dcm but the content is PNG/);
  });

  it('a DICOM named .png loads as DICOM', async () => {
    const img = await loadImageFile(put('actually-dicom.png', smallDicom('1.2.840.10008.1.2.1').bytes));
    expect(img.kind).toBe('dicom');
    expect([img.width, img.height]).toEqual([64, 64]);
  });
});

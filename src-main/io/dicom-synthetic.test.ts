// DICOM cases the real files do not cover, built byte by byte (testing/fixtures.ts).
import { describe, expect, it } from 'vitest';
import { ImageLoadError, loadImageBytes } from './load';
import { buildDicom, concat, imageElements, rleEncodeFrame, type DicomBuild } from './testing/fixtures';

const EXPLICIT = '1.2.840.10008.1.2.1';
const u16 = (values: number[]) => Uint8Array.from(values.flatMap((v) => [v & 0xff, (v >> 8) & 0xff]));
const load = (b: Uint8Array, name = 'test.dcm') => loadImageBytes(name, b);

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImageLoadError) return [e.code, e.message];
    throw e;
  }
  throw new Error('expected an ImageLoadError');
}

const mono16 = (extra: DicomBuild['elements'] = [], o: { stored?: number; signed?: boolean } = {}) =>
  imageElements({ rows: 2, columns: 3, bitsAllocated: 16, bitsStored: o.stored, signed: o.signed, extra });

describe('DICOM transfer syntaxes', () => {
  it.each([
    ['1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression'],
    ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)'],
    ['1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)'],
    ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless Image Compression'],
    ['1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless) Image Compression'],
    ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian'],
  ])('%s is refused by name', async (uid, label) => {
    const file = buildDicom({ transferSyntax: uid, elements: mono16(), fragments: [new Uint8Array(8)] });
    const [code, message] = await codeOf(load(file, 'scan.dcm'));
    expect(code).toBe('unsupported');
    expect(message).toBe(`scan.dcm: transfer syntax ${label} (${uid}) is not supported`);
  });

  const values = [0, 1, 1000, 4095, 2048, 7];
  it.each([
    ['implicit VR', { transferSyntax: '1.2.840.10008.1.2' }],
    ['explicit VR', { transferSyntax: EXPLICIT }],
    ['deflated explicit VR', { transferSyntax: '1.2.840.10008.1.2.1.99' }],
    ['no preamble (meta group first)', { transferSyntax: EXPLICIT, layout: 'no-preamble' as const }],
    ['bare data set, explicit VR', { transferSyntax: EXPLICIT, layout: 'raw' as const }],
    ['bare data set, implicit VR', { transferSyntax: '1.2.840.10008.1.2', layout: 'raw' as const }],
  ])('%s decodes', async (_label, opts) => {
    const img = await load(buildDicom({ ...opts, elements: mono16([], { stored: 12 }), pixels: u16(values) }));
    expect(Array.from(img.data)).toEqual(values);
    expect([img.width, img.height]).toEqual([3, 2]);
  });

  it('RLE 16-bit signed and 8-bit RGB round-trip through a PackBits encoder', async () => {
    const signed = [-2000, -1, 0, 1, 32767, -32768];
    const le = u16(signed.map((v) => v & 0xffff));
    const f16 = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.5',
      elements: mono16([], { signed: true }),
      fragments: [rleEncodeFrame(le, 6, 1, 2)],
    });
    expect(Array.from((await load(f16)).data)).toEqual(signed);

    const rgb = Uint8Array.from({ length: 4 * 5 * 3 }, (_, i) => (i * 37) % 256);
    const frgb = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.5',
      elements: imageElements({ rows: 4, columns: 5, bitsAllocated: 8, samplesPerPixel: 3, planar: 1 }),
      fragments: [rleEncodeFrame(rgb, 20, 3, 1)],
    });
    const img = await load(frgb);
    expect(img.channels).toBe(3);
    expect(Array.from(img.data)).toEqual(Array.from(rgb));
  });

  it('multi-frame: first frame, with a note', async () => {
    const frames = [...[1, 2, 3, 4, 5, 6], ...[9, 9, 9, 9, 9, 9]];
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: mono16([{ tag: 0x00280008, vr: 'IS', value: '2' }]),
      pixels: u16(frames),
    });
    const img = await load(file);
    expect(Array.from(img.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(img.notes.join(' ')).toMatch(/2 frames.*first frame/);
  });
});

describe('DICOM pixel representation', () => {
  it('masks bits above HighBit and sign-extends BitsStored 12, then rescales', async () => {
    // 12-bit two's complement -5 (0xFFB) and 5, each with garbage in the top nibble.
    const stored = [0xfffb, 0x7005, 0x0800, 0x07ff, 0x0000, 0xafff];
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: mono16(
        [
          { tag: 0x00281053, vr: 'DS', value: '2' },
          { tag: 0x00281052, vr: 'DS', value: '-10' },
        ],
        { stored: 12, signed: true },
      ),
      pixels: u16(stored),
    });
    const img = await load(file);
    const expected = [-5, 5, -2048, 2047, 0, -1].map((v) => v * 2 - 10);
    expect(Array.from(img.data)).toEqual(expected);
    expect(img.window).toEqual([Math.min(...expected), Math.max(...expected)]);
  });

  it('unsigned 12-bit: overlay bits masked, multi-valued WC/WW take the first', async () => {
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: mono16(
        [
          { tag: 0x00281050, vr: 'DS', value: '100\\300' },
          { tag: 0x00281051, vr: 'DS', value: '51\\600' },
        ],
        { stored: 12 },
      ),
      pixels: u16([0x8001, 0x0fff, 0xf000, 3, 4, 5]),
    });
    const img = await load(file);
    expect(Array.from(img.data)).toEqual([1, 4095, 0, 3, 4, 5]);
    expect([img.dicom?.windowCenter, img.dicom?.windowWidth]).toEqual([100, 51]);
    expect(img.window).toEqual([74.5, 124.5]);
  });

  it('RGB PlanarConfiguration 0 and 1 give the same interleaved pixels', async () => {
    const interleaved = [10, 20, 30, 11, 21, 31, 12, 22, 32, 13, 23, 33];
    const planar = [10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33];
    for (const [planarConfig, bytes] of [
      [0, interleaved],
      [1, planar],
    ] as const) {
      const file = buildDicom({
        transferSyntax: EXPLICIT,
        elements: imageElements({ rows: 2, columns: 2, bitsAllocated: 8, samplesPerPixel: 3, planar: planarConfig }),
        pixels: Uint8Array.from(bytes),
      });
      const img = await load(file);
      expect(img.channels).toBe(3);
      expect(Array.from(img.data)).toEqual(interleaved);
      expect(img.window).toEqual([0, 255]);
    }
  });

  it('YBR_FULL converts to RGB (neutral grey stays grey)', async () => {
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: imageElements({ rows: 1, columns: 2, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL' }),
      pixels: Uint8Array.of(128, 128, 128, 76, 85, 255),
    });
    const img = await load(file);
    expect(Array.from(img.data.subarray(0, 3))).toEqual([128, 128, 128]);
    expect(img.data[3]).toBeGreaterThan(250); // (76, 85, 255) is pure red in BT.601
    expect(img.data[4]).toBeLessThan(5);
  });
});

describe('DICOM refusals', () => {
  it('Rows x Columns above the pixel limit is refused before allocating', async () => {
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: imageElements({ rows: 60000, columns: 60000, bitsAllocated: 16 }),
      pixels: new Uint8Array(16),
    });
    const t = performance.now();
    const [code, message] = await codeOf(load(file, 'huge.dcm'));
    expect(code).toBe('too-large');
    expect(message).toMatch(/^huge\.dcm: 60000×60000 is above the 100 megapixel limit/);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('a DICOM without pixel data is not an image', async () => {
    const file = buildDicom({ transferSyntax: EXPLICIT, elements: [{ tag: 0x00080060, vr: 'CS', value: 'SR' }] });
    const [code, message] = await codeOf(load(file, 'report.dcm'));
    expect(code).toBe('not-an-image');
    expect(message).toMatch(/no Pixel Data.*SR/);
  });

  it('PALETTE COLOR is refused with a clear message', async () => {
    const file = buildDicom({
      transferSyntax: EXPLICIT,
      elements: imageElements({ rows: 1, columns: 2, bitsAllocated: 8, photometric: 'PALETTE COLOR' }),
      pixels: Uint8Array.of(1, 2),
    });
    const [code, message] = await codeOf(load(file));
    expect(code).toBe('unsupported');
    expect(message).toMatch(/PALETTE COLOR/);
  });

  it('a corrupt RLE header is corrupt, a cut RLE segment is truncated', async () => {
    const le = u16([1, 2, 3, 4, 5, 6]);
    const frame = rleEncodeFrame(le, 6, 1, 2);
    const wrongCount = frame.slice();
    wrongCount[0] = 3;
    const base = { transferSyntax: '1.2.840.10008.1.2.5', elements: mono16() };
    expect((await codeOf(load(buildDicom({ ...base, fragments: [wrongCount] }))))[0]).toBe('corrupt');
    const cut = concat([frame.subarray(0, frame.length - 4)]);
    expect((await codeOf(load(buildDicom({ ...base, fragments: [cut] }))))[0]).toBe('truncated');
  });
});

// Decompression and allocation bombs that pass the size limits on their face:
// each decoder must refuse before it allocates more than the header promises.
// The fixtures are built here (testing/bombs.ts) and are small. Peak memory is
// the growth of getrusage's maxRSS across the call: it sees transient peaks
// that are freed again before the call returns.
import { describe, expect, it } from 'vitest';
import { ImageLoadError, loadImageBytes } from './load';
import { decodeRleFrame, RleError } from './dicom-rle';
import { deflatedDicom, jpegLosslessHeader, zeroPng } from './testing/bombs';
import { buildDicom, imageElements } from './testing/fixtures';

const MB = 1e6;

async function measured(p: () => Promise<unknown>): Promise<{ err: unknown; value: unknown; peakMB: number; ms: number }> {
  const peak0 = process.resourceUsage().maxRSS * 1024;
  const t = performance.now();
  let err: unknown = null;
  let value: unknown = null;
  try {
    value = await p();
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t;
  const peakMB = (process.resourceUsage().maxRSS * 1024 - peak0) / MB;
  return { err, value, peakMB, ms };
}

function codeAndMessage(err: unknown): [string, string] {
  expect(err).toBeInstanceOf(ImageLoadError);
  const e = err as ImageLoadError;
  return [e.code, e.message];
}

describe('decompression bombs inside the file-size limit', () => {
  it('a 1 MB Deflated Explicit VR DICOM that inflates to 1 GiB is refused as too-large, peak < 200 MB', async () => {
    const file = deflatedDicom(512, 512, 2 ** 30);
    expect(file.length).toBeLessThan(1.2 * MB);
    const r = await measured(() => loadImageBytes('bomb.dcm', file));
    console.log(`deflate bomb (${(file.length / MB).toFixed(2)} MB → 1 GiB): peak +${r.peakMB.toFixed(0)} MB, ${r.ms.toFixed(0)} ms`);
    const [code, message] = codeAndMessage(r.err);
    expect(code).toBe('too-large');
    expect(message).toMatch(/^bomb\.dcm: deflated data set inflates past the \d+ bytes its header describes/);
    expect(r.peakMB).toBeLessThan(200);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a deflated DICOM holding what its header promises still decodes', async () => {
    const img = await loadImageBytes('ok.dcm', deflatedDicom(300, 200, 300 * 200 * 2));
    expect([img.width, img.height, img.min, img.max]).toEqual([200, 300, 0, 0]);
  });

  it('a deflated DICOM cut short is truncated, not a zlib error', async () => {
    const file = deflatedDicom(300, 200, 300 * 200 * 2);
    const err = await loadImageBytes('cut.dcm', file.subarray(0, file.length - 40)).catch((e: unknown) => e);
    expect(codeAndMessage(err)).toEqual(['truncated', 'cut.dcm: DICOM file is truncated in the pixel data (the deflate stream ends early)']);
  });

  it('a small deflate bomb (11 kB → 10 MiB for a 512×512 header) is refused by the same cap: the header promises 512 KiB', async () => {
    const file = deflatedDicom(512, 512, 10 * 2 ** 20);
    const err = await loadImageBytes('small.dcm', file).catch((e: unknown) => e);
    // 112 bytes of data set up to the Pixel Data value + 524288 promised + the 1 MiB trailer allowance.
    expect(codeAndMessage(err)).toEqual(['too-large', 'small.dcm: deflated data set inflates past the 1572976 bytes its header describes']);
  });

  it('a JPEG-lossless DICOM (512×512) whose SOF3 claims 30000×30000 is refused before the decoder allocates, peak < 200 MB', async () => {
    const file = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.4.70',
      elements: imageElements({ rows: 512, columns: 512, bitsAllocated: 16 }),
      fragments: [jpegLosslessHeader(30000, 30000)],
    });
    const r = await measured(() => loadImageBytes('sof.dcm', file));
    console.log(`JPEG-lossless SOF 30000²: peak +${r.peakMB.toFixed(0)} MB, ${r.ms.toFixed(0)} ms`);
    const [code, message] = codeAndMessage(r.err);
    expect(code).toBe('corrupt');
    expect(message).toBe('sof.dcm: JPEG frame header says 30000×30000×1 at 16 bits, the DICOM header 512×512×1 at 16 bits; refused before decoding');
    expect(r.peakMB).toBeLessThan(200);
    expect(r.ms).toBeLessThan(2000);
  });

  it('a JPEG-lossless frame header with more bits than BitsAllocated is refused (8-bit output would wrap)', async () => {
    const file = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.4.70',
      elements: imageElements({ rows: 4, columns: 4, bitsAllocated: 8 }),
      fragments: [jpegLosslessHeader(4, 4, 16)],
    });
    const [code, message] = codeAndMessage(await loadImageBytes('p.dcm', file).catch((e: unknown) => e));
    expect(code).toBe('corrupt');
    expect(message).toMatch(/4×4×1 at 16 bits, the DICOM header 4×4×1 at 8 bits/);
  });

  it('an RLE frame of 66 bytes for a 10000×10000 header is refused from its segment sizes, before the 100 MB output exists', () => {
    const frame = new Uint8Array(66);
    new DataView(frame.buffer).setUint32(0, 1, true);
    new DataView(frame.buffer).setUint32(4, 64, true);
    frame.set([0x81, 0], 64); // one replicate run: 128 bytes at most
    let err: unknown = null;
    try {
      decodeRleFrame(frame, 10000, 10000, 1, 8);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RleError);
    expect((err as RleError).truncated).toBe(true);
    expect((err as RleError).message).toBe('RLE segment 1 is 2 bytes, which decode to at most 128 of the 100000000 bytes the header needs');
  });

  it('RLE segment offsets that run backwards are corrupt', () => {
    const frame = new Uint8Array(200);
    const d = new DataView(frame.buffer);
    d.setUint32(0, 2, true);
    d.setUint32(4, 150, true);
    d.setUint32(8, 100, true);
    expect(() => decodeRleFrame(frame, 2, 2, 1, 16)).toThrow(/RLE segment 1 offset 150 is outside the frame/);
  });
});

describe('raster allocation budget: pixels × channels ≤ the pixel limit', () => {
  it('a 100-megapixel RGBA PNG (400 M samples) is refused from its header, peak < 200 MB', async () => {
    const png = zeroPng(10000, 10000, 6);
    expect(png.length).toBeLessThan(1 * MB);
    const r = await measured(() => loadImageBytes('rgba.png', png));
    console.log(`100 MP RGBA PNG: peak +${r.peakMB.toFixed(0)} MB, ${r.ms.toFixed(0)} ms`);
    const [code, message] = codeAndMessage(r.err);
    expect(code).toBe('too-large');
    expect(message).toBe('rgba.png: 10000×10000 RGBA is 400 million samples, above the 100 million sample budget (100 megapixels grey, 33 RGB, 25 RGBA)');
    expect(r.peakMB).toBeLessThan(200);
  });

  it('a 5000×5000 RGBA PNG (exactly 100 M samples) loads, held as 400 MB of Float32', async () => {
    const r = await measured(() => loadImageBytes('edge.png', zeroPng(5000, 5000, 6)));
    expect(r.err).toBeNull();
    const img = r.value as { width: number; channels: number; data: Float32Array };
    expect([img.width, img.channels, img.data.length]).toEqual([5000, 4, 100_000_000]);
    console.log(`25 MP RGBA PNG decode: peak +${r.peakMB.toFixed(0)} MB (${((r.peakMB * MB) / 25e6).toFixed(1)} bytes per pixel)`);
  });

  it('a DICOM whose Rows×Columns×Samples passes the budget only per pixel is refused (RGB 6000×6000)', async () => {
    const file = buildDicom({
      transferSyntax: '1.2.840.10008.1.2.1',
      elements: imageElements({ rows: 6000, columns: 6000, bitsAllocated: 8, samplesPerPixel: 3 }),
      pixels: new Uint8Array(16),
    });
    const [code, message] = codeAndMessage(await loadImageBytes('rgb.dcm', file).catch((e: unknown) => e));
    expect(code).toBe('too-large');
    expect(message).toBe('rgb.dcm: 6000×6000 RGB is 108 million samples, above the 100 million sample budget (100 megapixels grey, 33 RGB, 25 RGBA)');
  });
});

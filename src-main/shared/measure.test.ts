// Measurements against DICOM files built byte by byte with known spacing: the
// header reader, the spacing rule and the length/area arithmetic together.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadImageBytes } from '../io/load';
import { buildDicom, imageElements, type DicomElementSpec } from '../io/testing/fixtures';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { areaOf, distanceOf, measureLabel, type Pt } from './measure';

const imagePx = (x: number, y: number): Pt => ({ x, y });
import { spacingOf, spacingText } from './spacing';

const EXPLICIT = '1.2.840.10008.1.2.1';

async function headerWith(extra: DicomElementSpec[]) {
  const elements = imageElements({ rows: 4, columns: 4, bitsAllocated: 8 }).filter((e) => e.tag !== 0x00080060);
  elements.push({ tag: 0x00080060, vr: 'CS', value: 'DX' }, ...extra);
  const file = buildDicom({ transferSyntax: EXPLICIT, elements, pixels: new Uint8Array(16) });
  const img = await loadImageBytes('spacing.dcm', file);
  return img.dicom;
}

describe('distance and area from a synthetic DICOM', () => {
  it('Pixel Spacing 0.5\\0.25: a 50-pixel line is 12.5 mm across and 25 mm down (row spacing first)', async () => {
    const h = await headerWith([{ tag: 0x00280030, vr: 'DS', value: '0.5\\0.25' }]);
    expect(h?.pixelSpacingSource).toBe('PixelSpacing');
    const sp = spacingOf(h);
    expect(sp).toMatchObject({ row: 0.5, col: 0.25, source: 'PixelSpacing', calibration: 'calibrated' });
    expect(distanceOf(imagePx(10, 3), imagePx(60, 3), sp)).toEqual({ value: 12.5, unit: 'mm' });
    expect(distanceOf(imagePx(3, 10), imagePx(3, 60), sp)).toEqual({ value: 25, unit: 'mm' });
    // A 30-40-50 triangle: dx 120 px × 0.25 = 30 mm, dy 80 px × 0.5 = 40 mm → 50 mm.
    expect(distanceOf(imagePx(0, 0), imagePx(120, 80), sp).value).toBeCloseTo(50, 12);
    // A 50 × 50 px square covers 2500 px² × 0.125 mm² = 312.5 mm².
    const square = [imagePx(0, 0), imagePx(50, 0), imagePx(50, 50), imagePx(0, 50)];
    expect(areaOf(square, sp)).toEqual({ value: 312.5, unit: 'mm²' });
    expect(measureLabel({ kind: 'distance', points: [imagePx(10, 3), imagePx(60, 3)] }, sp)).toBe('12.50 mm (Pixel Spacing, calibrated)');
  });

  it('Imager Pixel Spacing alone is at the detector; with a magnification factor it is divided and called estimated', async () => {
    const det = spacingOf(await headerWith([{ tag: 0x00181164, vr: 'DS', value: '0.2\\0.2' }]));
    expect(det).toMatchObject({ row: 0.2, col: 0.2, source: 'ImagerPixelSpacing', calibration: 'detector' });
    expect(distanceOf(imagePx(0, 0), imagePx(50, 0), det).value).toBeCloseTo(10, 12);
    expect(measureLabel({ kind: 'distance', points: [imagePx(0, 0), imagePx(50, 0)] }, det)).toBe('10.00 mm (Imager Pixel Spacing, at the detector)');
    const mag = spacingOf(
      await headerWith([
        { tag: 0x00181114, vr: 'DS', value: '1.25' },
        { tag: 0x00181164, vr: 'DS', value: '0.2\\0.2' },
      ]),
    );
    expect(mag?.calibration).toBe('estimated');
    expect(distanceOf(imagePx(0, 0), imagePx(50, 0), mag).value).toBeCloseTo(8, 12);
    expect(spacingText(mag)).toBe('0.16 × 0.16 mm (row × column) from Imager Pixel Spacing ÷ magnification 1.25, estimated.');
  });

  it('both present: Pixel Spacing wins; none: pixels, said plainly', async () => {
    const both = await headerWith([
      { tag: 0x00181164, vr: 'DS', value: '0.2\\0.2' },
      { tag: 0x00280030, vr: 'DS', value: '0.18\\0.18' },
    ]);
    expect(spacingOf(both)).toMatchObject({ row: 0.18, source: 'PixelSpacing' });
    const none = spacingOf(await headerWith([]));
    expect(none).toBeNull();
    expect(distanceOf(imagePx(0, 0), imagePx(50, 0), none)).toEqual({ value: 50, unit: 'px' });
    expect(measureLabel({ kind: 'area', points: [imagePx(0, 0), imagePx(10, 0), imagePx(0, 10)] }, none)).toBe('50.00 px² (no pixel spacing)');
    expect(spacingText(none)).toMatch(/in pixels \(px\)/);
  });
});

describe.skipIf(!HAVE_SHARED)('spacing of the real files (../shared/data/dicom)', () => {
  const open = async (name: string) => spacingOf((await loadImageBytes(name, new Uint8Array(await readFile(shared('dicom', name))))).dicom);
  it('WG04 CR hip: Pixel Spacing 0.2\\0.2, calibrated', async () => {
    expect(await open('wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm')).toMatchObject({ row: 0.2, col: 0.2, source: 'PixelSpacing', calibration: 'calibrated' });
  });
  it('highdicom DX: both attributes present (1.2\\1.2012), Pixel Spacing is used', async () => {
    const sp = await open('highdicom_dx_mono1_explicit_vr.dcm');
    expect(sp?.source).toBe('PixelSpacing');
    expect(sp?.col).toBeCloseTo(1.2012, 4);
  });
  it('pydicom CR: Imager Pixel Spacing 0.1\\0.1 only, at the detector', async () => {
    expect(await open('pydicom_cr_mono1_16x16_explicit_vr.dcm')).toMatchObject({ row: 0.1, source: 'ImagerPixelSpacing', calibration: 'detector' });
  });
  it('NIH CXR14 (Secondary Capture): no spacing, pixels', async () => {
    expect(await open('nih_cxr14_dx_implicit_vr.dcm')).toBeNull();
  });
});

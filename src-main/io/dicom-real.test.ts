// DICOM decoding against the real files in ../shared/data (see its PROVENANCE.md).
import dicomParser from 'dicom-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImageLoadError, loadImageBytes, loadImageFile } from './load';
import { HAVE_SHARED as HAVE_SHARED_DATA, shared } from '../testing/shared-data';
const dataPath = (rel: string): string => shared(rel);

const dcm = (f: string) => dataPath(`dicom/${f}`);
const parse = (f: string) => dicomParser.parseDicom(new Uint8Array(readFileSync(dcm(f))));

describe.skipIf(!HAVE_SHARED_DATA)('real DICOM files (../shared/data/dicom)', () => {
  it('CR 16x16 MONOCHROME1, 12 of 16 bits: modality = raw*0.684 + 200', async () => {
    const f = 'pydicom_cr_mono1_16x16_explicit_vr.dcm';
    const img = await loadImageFile(dcm(f));
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([16, 16, 1, 16]);
    expect(img.invert).toBe(true);
    expect(img.dicom?.photometricInterpretation).toBe('MONOCHROME1');
    expect(img.dicom?.rescaleSlope).toBeCloseTo(0.684, 6);
    expect(img.dicom?.rescaleIntercept).toBe(200);
    expect([img.dicom?.windowCenter, img.dicom?.windowWidth]).toEqual([1600, 2800]);
    expect(img.dicom?.bitsStored).toBe(12);
    // Linear VOI of PS3.3 C.11.2.1.2.1: c-0.5 ± (w-1)/2.
    expect(img.window).toEqual([200, 2999]);
    // Raw stored values read independently of the loader.
    const ds = parse(f);
    const px = ds.elements.x7fe00010;
    for (let i = 0; i < 256; i++) {
      const raw = (ds.byteArray[px.dataOffset + 2 * i] | (ds.byteArray[px.dataOffset + 2 * i + 1] << 8)) & 0x0fff;
      expect(img.data[i]).toBeCloseTo(raw * 0.684 + 200, 2);
    }
    expect(img.min).toBeLessThan(img.max);
  });

  it('NIH ChestX-ray14 1024x1024 8-bit implicit VR: values are the bytes at the pixel-data offset', async () => {
    const f = 'nih_cxr14_dx_implicit_vr.dcm';
    const img = await loadImageFile(dcm(f));
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([1024, 1024, 1, 8]);
    expect(img.dicom?.transferSyntaxUID).toBe('1.2.840.10008.1.2');
    expect(img.dicom?.transferSyntaxName).toBe('Implicit VR Little Endian');
    expect(img.dicom?.patientId).toBe('Covid0000');
    expect(img.dicom?.studyDescription).toBe('No Finding');
    expect(img.invert).toBe(false);
    const ds = parse(f);
    const off = ds.elements.x7fe00010.dataOffset;
    let mismatches = 0;
    for (let i = 0; i < 1024 * 1024; i++) if (img.data[i] !== ds.byteArray[off + i]) mismatches++;
    expect(mismatches).toBe(0);
    // No VOI attributes: the window is the full data range.
    expect(img.dicom?.windowCenter).toBeNull();
    expect(img.window).toEqual([img.min, img.max]);
  });

  it('WG04 RG2 JPEG Lossless SV1: 1760 cols x 2140 rows, 10-bit, values 0..893', async () => {
    const img = await loadImageFile(dcm('wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm'));
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([1760, 2140, 1, 16]);
    expect(img.dicom?.transferSyntaxUID).toBe('1.2.840.10008.1.2.4.70');
    expect(img.dicom?.bitsStored).toBe(10);
    expect([img.min, img.max]).toEqual([0, 893]);
    expect(img.window).toEqual([-1, 1022]); // WC/WW 511/1024
    expect(img.data.every((v) => Number.isInteger(v))).toBe(true);
  });

  it('MR_small_RLE: signed 16-bit RLE matches pydicom reference pixels', async () => {
    const img = await loadImageFile(dcm('pydicom_MR_small_RLE.dcm'));
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([64, 64, 1, 16]);
    expect(img.dicom?.pixelRepresentation).toBe(1);
    expect(img.dicom?.transferSyntaxName).toBe('RLE Lossless');
    const at = (r: number, c: number) => img.data[r * 64 + c];
    // The same assertions pydicom's own RLE tests make for MR_small (arr[0,31:34] etc.).
    expect([at(0, 31), at(0, 32), at(0, 33)]).toEqual([422, 319, 361]);
    expect([at(31, 0), at(31, 1), at(31, 2)]).toEqual([366, 363, 322]);
    expect([at(63, 61), at(63, 62), at(63, 63)]).toEqual([1369, 1129, 862]);
    // Recorded on first decode (regression guard), consistent with WC/WW 600/1600.
    expect([img.min, img.max]).toEqual([127, 2145]);
    expect(img.window).toEqual([-200, 1399]);
  });

  it('highdicom DX MONOCHROME1 211x169 8-bit: invert flagged, data not inverted', async () => {
    const f = 'highdicom_dx_mono1_explicit_vr.dcm';
    const img = await loadImageFile(dcm(f));
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([211, 169, 1, 8]);
    expect(img.invert).toBe(true);
    expect(img.dicom?.modality).toBe('DX');
    expect(img.window).toEqual([0, 255]); // WC/WW 128/256
    expect(img.dicom?.pixelSpacing?.[0]).toBeCloseTo(1.2, 6);
    const ds = parse(f);
    const off = ds.elements.x7fe00010.dataOffset;
    expect(Array.from(img.data.subarray(0, 500))).toEqual(Array.from(ds.byteArray.subarray(off, off + 500)));
  });

  it.each([
    ['nih_cxr14_dx_implicit_vr.dcm', 'implicit VR'],
    ['pydicom_cr_mono1_16x16_explicit_vr.dcm', 'explicit VR'],
    ['pydicom_MR_small_RLE.dcm', 'RLE'],
    ['wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm', 'JPEG Lossless'],
  ])('%s (%s) cut in the header and in the pixel data is reported as truncated', async (f) => {
    const bytes = new Uint8Array(readFileSync(dcm(f)));
    const pixelStart = parse(f).elements.x7fe00010.dataOffset;
    for (const [cut, where] of [
      [400, 'header'],
      [pixelStart + 30, 'pixel data'],
    ] as const) {
      const err = await loadImageBytes(f, bytes.subarray(0, cut)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImageLoadError);
      expect((err as ImageLoadError).code).toBe('truncated');
      expect((err as ImageLoadError).message).toMatch(new RegExp(`^${f.replace(/\./g, '\\.')}: DICOM file is truncated in the ${where}`));
    }
  });
});

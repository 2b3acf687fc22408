import { describe, expect, it } from 'vitest';
import type { DicomHeader } from '../../../src-main/api/types';
import { CT_PRESETS, percentileWindow, windowPresets } from './windowPresets';

const header = (over: Partial<DicomHeader>): DicomHeader => ({
  modality: 'DX',
  photometricInterpretation: 'MONOCHROME2',
  transferSyntaxUID: '1.2.840.10008.1.2',
  transferSyntaxName: 'Implicit VR',
  rows: 1,
  columns: 101,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 0,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  windowCenter: 2048,
  windowWidth: 4096,
  pixelSpacing: null,
  ...over,
});
const ramp = Float32Array.from({ length: 101 }, (_, i) => i * 10); // 0, 10, …, 1000

describe('windowPresets', () => {
  it('CT gets lung −600/1500, mediastinum 40/400, bone 400/1800, brain 40/80 before the general ones', () => {
    const ps = windowPresets({ min: -1024, max: 3071, dicom: header({ modality: 'CT', windowCenter: 40, windowWidth: 350 }) }, { data: ramp, window: [0, 1] });
    expect(ps.map((p) => p.id)).toEqual(['lung', 'mediastinum', 'bone', 'brain', 'voi', 'full', 'p1-99']);
    expect(ps.slice(0, 4)).toEqual(CT_PRESETS);
    expect(ps[0].window).toEqual({ center: -600, width: 1500 });
    expect(ps[4]).toEqual({ id: 'voi', label: 'DICOM default (VOI)', window: { center: 40, width: 350 } });
    expect(ps[5].window).toEqual({ center: 1023.5, width: 4095 });
  });

  it('other images: VOI (or the default window), full range and 1–99 percentile', () => {
    const ps = windowPresets({ min: 0, max: 1000, dicom: null }, { data: ramp, window: [0, 1000] });
    expect(ps.map((p) => p.label)).toEqual(['Default', 'Full range', '1–99 percentile']);
    expect(ps[0].window).toEqual({ center: 500, width: 1000 });
    // np.percentile(ramp, [1, 99]) = [10, 990].
    expect(ps[2].window.center).toBeCloseTo(500, 6);
    expect(ps[2].window.width).toBeCloseTo(980, 6);
    const dx = windowPresets({ min: 0, max: 4095, dicom: header({}) }, { data: ramp, window: [0, 4096] });
    expect(dx[0]).toMatchObject({ label: 'DICOM default (VOI)', window: { center: 2048, width: 4096 } });
  });

  it('percentiles of a big image come from an even subsample', () => {
    const big = Float32Array.from({ length: 1_000_000 }, (_, i) => i / 1000); // 0 … 999.999
    const w = percentileWindow(big, 1, 99, 10_000);
    expect(w.center - w.width / 2).toBeCloseTo(9.999, 0);
    expect(w.center + w.width / 2).toBeCloseTo(989.9, 0);
  });
});

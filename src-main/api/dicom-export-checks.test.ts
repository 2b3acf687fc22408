import { describe, expect, it } from 'vitest';
import { validateRequest } from './validate';

const ok = {
  imageId: 'image-1',
  map: new Float32Array(6),
  shape: [2, 3],
  style: { colormap: 'jet', opacity: 0.5, mode: 'abs' },
  method: 'Grad-CAM',
  target: 'nodule (1)',
  privacy: { identifiable: false, salt: '0123456789abcdef', dates: 'shift' },
};
const problem = (patch: Record<string, unknown>) => {
  try {
    validateRequest('exportDicomSc', { ...ok, ...patch });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('exportDicomSc request rules', () => {
  it('accepts a complete request', () => expect(problem({})).toBeNull());

  it('names the field that is wrong', () => {
    expect(problem({ map: [0, 0, 0, 0, 0, 0] })).toBe('exportDicomSc: "map" must be a Float32Array');
    expect(problem({ shape: [2, 2] })).toBe('exportDicomSc: "map" has 6 values, "shape" 2×2 needs 4');
    expect(problem({ style: { ...ok.style, opacity: 1.5 } })).toBe('exportDicomSc: "style.opacity" must be a number in 0…1');
    expect(problem({ privacy: { ...ok.privacy, salt: 'short' } })).toMatch(/"privacy" must be .*salt: 16 to 256 characters/);
    expect(problem({ privacy: undefined })).toMatch(/"privacy" must be/);
    expect(problem({ method: 'x'.repeat(201) })).toBe('exportDicomSc: "method" must be a string of 1…200 characters');
    expect(problem({ seriesInstanceUID: '1.2.abc' })).toMatch(/"seriesInstanceUID" must be a UID/);
    expect(problem({ seriesKey: 'run-1:gradcam' })).toBeNull();
    expect(problem({ seriesKey: 7 })).toBe('exportDicomSc: "seriesKey" must be a string of 1…200 characters');
    expect(problem({ seriesKey: 'k', seriesInstanceUID: '1.2.3' })).toMatch(/"seriesInstanceUID" and "seriesKey": give one/);
  });

  it('saveProject and autosave take optional privacy settings, checked when present', () => {
    const project = { models: [], images: [] };
    expect(() => validateRequest('autosave', { project })).not.toThrow();
    expect(() => validateRequest('autosave', { project, privacy: { identifiable: 'yes' } })).toThrow(/"privacy" must be/);
    expect(() => validateRequest('saveProject', { project, name: 'p', privacy: ok.privacy })).not.toThrow();
  });
});

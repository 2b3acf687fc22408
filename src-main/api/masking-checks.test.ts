import { describe, expect, it } from 'vitest';
import { validateRequest } from './validate';

const ok = { modelId: 'model-1', imageId: 'image-1', masks: [new Uint8Array(4)], fill: 'zero' };

describe('masking lab request validation (api/validate.ts)', () => {
  it('accepts a well-formed scoreMasked request with any documented fill', () => {
    for (const fill of ['zero', 'mean', 'blur', 'noise', '#FF8800']) expect(() => validateRequest('scoreMasked', { ...ok, fill })).not.toThrow();
  });

  it('refuses bad masks and fills with one specific line each', () => {
    const msg = (arg: unknown) => {
      try {
        validateRequest('scoreMasked', arg);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg({ ...ok, masks: [] })).toBe('scoreMasked: "masks" must be a non-empty list of Uint8Array masks');
    expect(msg({ ...ok, masks: [[0, 1]] })).toBe('scoreMasked: "masks[0]" must be a Uint8Array (width × height bytes, nonzero = hidden)');
    expect(msg({ ...ok, masks: [new Uint8Array(4), new Uint8Array(5)] })).toBe(
      'scoreMasked: "masks[1]" has 5 bytes, masks[0] has 4: all masks cover the same image',
    );
    expect(msg({ ...ok, masks: Array.from({ length: 65 }, () => new Uint8Array(4)) })).toBe('scoreMasked: "masks": at most 64 masks per request, got 65');
    expect(msg({ ...ok, fill: 'purple' })).toBe('scoreMasked: "fill" must be zero, mean, blur, noise or a colour #rrggbb, not "purple"');
    expect(msg({ ...ok, fill: '#fff' })).toMatch(/"fill" must be/);
    expect(msg({ ...ok, topK: 0 })).toBe('scoreMasked: "topK" must be an integer in 1…1000');
  });

  it('checks explain regions: typed labels of width × height', () => {
    const base = { modelId: 'm', imageId: 'i', method: 'lime', jobId: 'j' };
    expect(() => validateRequest('explain', { ...base, regions: { width: 2, height: 2, labels: new Uint8Array(4) } })).not.toThrow();
    expect(() => validateRequest('explain', { ...base, regions: { width: 2, height: 2, labels: new Uint8Array(3) } })).toThrow(
      'explain: "regions.labels" has 3 values, 2×2 needs 4',
    );
    expect(() => validateRequest('explain', { ...base, regions: { width: 2, height: 2, labels: [0, 0, 0, 0] } })).toThrow(/Uint8Array or Int32Array/);
  });

  it('checks logged rows and deletions', () => {
    expect(() => validateRequest('addExperiment', { row: { model: 'm' } })).toThrow(/"row.image" must be a string/);
    expect(() => validateRequest('deleteExperiments', { ids: [1] })).toThrow(/"ids" must be a list of row ids/);
    expect(() => validateRequest('experimentLog', undefined)).not.toThrow();
  });
});

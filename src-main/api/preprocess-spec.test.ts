// checkPreprocess: the one check of a (partial) PreprocessSpec from a request
// or a model's saliency-studio.json.
import { describe, expect, it } from 'vitest';
import { checkPreprocess } from './preprocess-spec';

describe('checkPreprocess', () => {
  it('accepts every preset and resize mode, invert true/false, partial specs and {}', () => {
    for (const preset of ['unit', 'signed', 'imagenet', 'caffe', 'raw', 'torchvision']) expect(checkPreprocess({ preset })).toBeNull();
    for (const resize of ['stretch', 'crop', 'pad']) expect(checkPreprocess({ resize })).toBeNull();
    expect(checkPreprocess({ preset: 'imagenet', resize: 'crop', invert: true })).toBeNull();
    expect(checkPreprocess({ invert: false })).toBeNull();
    expect(checkPreprocess({})).toBeNull();
    // Undefined reads as "not given" (only JS callers can send it; JSON cannot).
    expect(checkPreprocess({ preset: undefined })).toBeNull();
  });

  it('an unknown preset names the field and every allowed value, and does not quote the value', () => {
    const p = checkPreprocess({ preset: 'bogus' });
    expect(p).toBe('"preprocess.preset" must be one of unit, signed, imagenet, caffe, raw, torchvision');
    expect(p).not.toContain('bogus');
    // Inherited names are not presets.
    expect(checkPreprocess({ preset: 'toString' })).toContain('preprocess.preset');
    expect(checkPreprocess({ preset: 1 })).toContain('preprocess.preset');
  });

  it('resize and invert of the wrong kind', () => {
    expect(checkPreprocess({ resize: 'zoom' })).toBe('"preprocess.resize" must be one of stretch, crop, pad');
    expect(checkPreprocess({ invert: 'yes' })).toBe('"preprocess.invert" must be true or false');
    expect(checkPreprocess({ invert: 1 })).toBe('"preprocess.invert" must be true or false');
    expect(checkPreprocess({ resize: null })).toContain('preprocess.resize');
  });

  it('an unknown field is refused (a misspelt one would silently be ignored), listing the fields', () => {
    expect(checkPreprocess({ presett: 'imagenet' })).toBe('"preprocess" has a field "presett"; allowed: preset, resize, invert');
    expect(checkPreprocess(JSON.parse('{"__proto__": {"preset": "unit"}}'))).toContain('allowed: preset, resize, invert');
  });

  it('not an object', () => {
    for (const v of [null, undefined, 'imagenet', 3, ['unit'], true])
      expect(checkPreprocess(v)).toBe('"preprocess" must be an object with any of preset, resize, invert');
  });
});

// checkPreprocess: the one check of a (partial) PreprocessSpec from a request
// or a model's saliency-studio.json.
import { describe, expect, it } from 'vitest';
import { checkPreprocess, customValues, PREPROCESS_PRESETS, presetValues } from './preprocess-spec';

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
    expect(checkPreprocess({ presett: 'imagenet' })).toBe('"preprocess" has a field "presett"; allowed: preset, resize, invert, channels, scale, mean, std');
    expect(checkPreprocess(JSON.parse('{"__proto__": {"preset": "unit"}}'))).toContain('allowed: preset, resize, invert, channels, scale, mean, std');
  });

  it('not an object', () => {
    for (const v of [null, undefined, 'imagenet', 3, ['unit'], true])
      expect(checkPreprocess(v)).toBe('"preprocess" must be an object with any of preset, resize, invert, channels, scale, mean, std');
  });

  it('channel order, scale, mean and std: 1 or 3 finite values, std and scale above 0', () => {
    expect(checkPreprocess({ channels: 'bgr', scale: 255, mean: [1, 2, 3], std: [4] })).toBeNull();
    expect(checkPreprocess({ channels: 'BGR' })).toBe('"preprocess.channels" must be rgb or bgr');
    const std = '"preprocess.std" must be a list of 1 or 3 numbers above 0 (one for every channel, or one per channel)';
    for (const bad of [[0], [1, -1, 1], [1, 1], [], 0.5, [Number.NaN], ['1']]) expect(checkPreprocess({ std: bad })).toBe(std);
    for (const bad of [[1, 2], [1, 2, 3, 4], [Infinity], 0])
      expect(checkPreprocess({ mean: bad })).toContain('"preprocess.mean" must be a list of 1 or 3 numbers (');
    expect(checkPreprocess({ mean: [-0.5] })).toBeNull();
    for (const bad of [0, -1, Infinity, '255']) expect(checkPreprocess({ scale: bad })).toContain('"preprocess.scale" must be a number above 0');
  });
});

describe('presetValues', () => {
  it("gives each preset's values, every given field replacing its own", () => {
    expect(presetValues({ preset: 'caffe', resize: 'stretch' })).toEqual({ channels: 'bgr', scale: 255, mean: [103.939, 116.779, 123.68], std: [1] });
    expect(presetValues({ preset: 'signed', resize: 'stretch' })).toEqual({ channels: 'rgb', scale: 1, mean: [0.5], std: [0.5] });
    expect(presetValues({ preset: 'imagenet', resize: 'crop', std: [0.25], channels: 'bgr' })).toEqual({
      channels: 'bgr',
      scale: 1,
      mean: [0.485, 0.456, 0.406],
      std: [0.25],
    });
    // Every preset's values pass the check a request's do.
    for (const preset of PREPROCESS_PRESETS) {
      const { channels, scale, mean, std } = presetValues({ preset, resize: 'stretch' });
      expect(checkPreprocess({ preset, channels, scale, mean, std })).toBeNull();
    }
    expect(customValues({ preset: 'unit', invert: true })).toBe(false);
    expect(customValues({ preset: 'unit', scale: 2 })).toBe(true);
  });
});

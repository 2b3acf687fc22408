// The Preprocessing section's draft: shown values, the spec it sends, and the
// request validation's words for a bad one.
import { describe, expect, it } from 'vitest';
import { draftOf, sameSpec, specOf, withPreset } from './preprocessDraft';

describe('preprocessing draft', () => {
  it("shows the preset's values where the spec gives none, and sends only what differs", () => {
    const d = draftOf({ preset: 'imagenet', resize: 'stretch' });
    expect(d).toEqual({
      preset: 'imagenet',
      resize: 'stretch',
      invert: false,
      channels: 'rgb',
      scale: '1',
      mean: '0.485, 0.456, 0.406',
      std: '0.229, 0.224, 0.225',
    });
    expect(specOf(d)).toEqual({ spec: { preset: 'imagenet', resize: 'stretch', invert: false } });
    expect(specOf({ ...d, resize: 'crop', invert: true, std: '0.5 0.5 0.5', channels: 'bgr' })).toEqual({
      spec: { preset: 'imagenet', resize: 'crop', invert: true, channels: 'bgr', std: [0.5, 0.5, 0.5] },
    });
    // A value the model was opened with (a sidecar's) is sent even when it equals the preset's, so it is replaced.
    expect(specOf(d, { mean: [0.5] })).toEqual({ spec: { preset: 'imagenet', resize: 'stretch', invert: false, mean: [0.485, 0.456, 0.406] } });
  });

  it('another preset brings its resize and values, keeping invert', () => {
    const d = withPreset({ ...draftOf({ preset: 'unit', resize: 'pad' }), invert: true, std: '9' }, 'torchvision');
    expect(d).toMatchObject({ preset: 'torchvision', resize: 'crop', invert: true, std: '0.229, 0.224, 0.225' });
  });

  it("refuses std ≤ 0, two values, text and an empty scale, in the request validation's words", () => {
    const d = draftOf({ preset: 'unit', resize: 'stretch' });
    const std = '"preprocess.std" must be a list of 1 or 3 numbers above 0 (one for every channel, or one per channel)';
    expect(specOf({ ...d, std: '0' })).toEqual({ problem: std });
    expect(specOf({ ...d, std: '1, -2, 1' })).toEqual({ problem: std });
    expect(specOf({ ...d, mean: '0.1, 0.2' })).toEqual({ problem: expect.stringContaining('"preprocess.mean" must be a list of 1 or 3') });
    expect(specOf({ ...d, mean: 'half' })).toEqual({ problem: expect.stringContaining('"preprocess.mean"') });
    expect(specOf({ ...d, scale: '' })).toEqual({ problem: expect.stringContaining('"preprocess.scale" must be a number above 0') });
  });

  it('knows when a spec is what the model has', () => {
    const model = { preset: 'caffe', resize: 'stretch' } as const;
    expect(sameSpec({ preset: 'caffe', resize: 'stretch', invert: false }, model)).toBe(true);
    expect(sameSpec({ preset: 'caffe', resize: 'stretch', invert: false, scale: 255 }, model)).toBe(true);
    expect(sameSpec({ preset: 'caffe', resize: 'crop', invert: false }, model)).toBe(false);
    expect(sameSpec({ preset: 'caffe', resize: 'stretch', invert: false, channels: 'rgb' }, model)).toBe(false);
  });
});

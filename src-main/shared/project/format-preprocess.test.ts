// A model's edited preprocessing in a project file: kept whole through save
// and open, and refused, naming the field, where an openModel request would be.
import { describe, expect, it } from 'vitest';
import { APP_VERSION, decodeProject, parseProject, projectText } from './format';
import { sampleSnapshot } from './fixtures';

const META = { savedAt: '2025-06-01T12:00:00.000Z', appVersion: APP_VERSION };
const EDITED = { preset: 'imagenet', resize: 'crop', invert: true, channels: 'bgr', scale: 255, mean: [1, 2, 3], std: [0.5] } as const;

describe('project format: preprocessing', () => {
  it('round-trips every field of an edited spec', () => {
    const p = sampleSnapshot();
    p.models[0].preprocess = { ...EDITED, mean: [...EDITED.mean], std: [...EDITED.std] };
    expect(parseProject(projectText(p, META)).project.models[0].preprocess).toEqual(EDITED);
  });

  it('refuses a spec an openModel request would refuse, naming the model and the field', () => {
    const doc = JSON.parse(projectText(sampleSnapshot(), META));
    doc.models[0].preprocess = { preset: 'unit', std: [0] };
    expect(() => decodeProject(doc)).toThrow('models[0].preprocess: "preprocess.std" must be a list of 1 or 3 numbers above 0');
    doc.models[0].preprocess = { preset: 'unit', sdt: [1] };
    expect(() => decodeProject(doc)).toThrow('models[0].preprocess: "preprocess" has a field "sdt"');
  });
});

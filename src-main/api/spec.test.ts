import { describe, expect, it } from 'vitest';
import { studioApiMembers } from '../testing/api-members';
import { API_OPS, ENGINE_OPS, HOST_OPS, isApiOp, JOB_OPS, OPS, RUN_OPS } from './spec';
import { validateRequest } from './validate';

describe('the operation spec', () => {
  it('lists exactly the operations StudioApi declares, each once', () => {
    expect([...API_OPS].sort()).toEqual(studioApiMembers().sort());
    expect(new Set(API_OPS).size).toBe(API_OPS.length);
    expect([...ENGINE_OPS, ...HOST_OPS].sort()).toEqual([...API_OPS].sort());
  });

  it('derives the job, run, open and close lists from its flags', () => {
    expect([...JOB_OPS].sort()).toEqual(['bim', 'classModel', 'evaluate', 'explain', 'localize', 'localizeEvaluate', 'sanity', 'tcav', 'trustCard']);
    expect(RUN_OPS).toEqual(['classModelUpdate', 'classModelControl']);
    expect(API_OPS.filter((op) => 'opens' in OPS[op])).toEqual(['openModel', 'openImage']);
    expect(API_OPS.filter((op) => 'closes' in OPS[op])).toEqual(['closeModel', 'closeImage']);
  });

  it('knows own keys only, and validation names the operation and the field', () => {
    for (const op of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'close', 'onProgress']) expect(isApiOp(op), op).toBe(false);
    expect(() => validateRequest('predict', { modelId: 'm', imageId: 'i', topK: 'x' })).toThrow('predict: "topK" must be an integer in 1…1000');
    expect(() => validateRequest('openModel', { path: 'm', preprocess: { preset: 'bogus' } })).toThrow(
      /openModel: "preprocess.preset" must be one of unit, signed, imagenet, caffe, raw/,
    );
    expect(() => validateRequest({ toString: 1 }, {})).toThrow('unknown operation of type object');
  });
});

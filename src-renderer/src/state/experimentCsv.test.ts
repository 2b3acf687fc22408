import { describe, expect, it } from 'vitest';
import type { ExperimentRow } from '../../../src-main/api/types';
import { experimentsCsv, maskFileName } from './experimentCsv';

const row: ExperimentRow = {
  id: 'exp-1',
  time: '2025-01-02T03:04:05.000Z',
  model: 'Digits CNN (demo)',
  image: 'digit-7.png',
  width: 28,
  height: 28,
  fill: 'zero',
  area: 0.0625,
  target: 7,
  classes: [
    { index: 7, label: '7', logitBefore: 12.5, logitAfter: 3.25, dLogit: -9.25, probBefore: 0.999, probAfter: 0.4, dProb: -0.599 },
    { index: 1, label: 'one, "uno"', logitBefore: 1 / 3, logitAfter: 2, dLogit: 5 / 3, probBefore: 0.0001, probAfter: 0.3, dProb: 0.2999 },
  ],
  maskPng: 'data:image/png;base64,',
  thumbnail: 'data:image/png;base64,',
};

describe('experiment log CSV', () => {
  it('writes one line per row and class, with exact numbers and RFC 4180 quoting', () => {
    expect(experimentsCsv([row])).toBe(
      'id,time,model,image,width,height,fill,area_pct,target,class,label,logit_before,logit_after,d_logit,prob_before,prob_after,d_prob,mask_file\n' +
        'exp-1,2025-01-02T03:04:05.000Z,Digits CNN (demo),digit-7.png,28,28,zero,6.25,7,7,7,12.5,3.25,-9.25,0.999,0.4,-0.599,digit-7-exp-1.mask.png\n' +
        'exp-1,2025-01-02T03:04:05.000Z,Digits CNN (demo),digit-7.png,28,28,zero,6.25,7,1,"one, ""uno""",0.333333,2,1.666667,0.0001,0.3,0.2999,digit-7-exp-1.mask.png\n',
    );
  });

  it('an empty log is the header alone; mask files are named after the image', () => {
    expect(experimentsCsv([])).toBe(
      'id,time,model,image,width,height,fill,area_pct,target,class,label,logit_before,logit_after,d_logit,prob_before,prob_after,d_prob,mask_file\n',
    );
    expect(maskFileName({ id: 'exp-9', image: 'chest.dcm' })).toBe('chest-exp-9.mask.png');
    expect(maskFileName({ id: 'exp-9', image: 'noext' })).toBe('noext-exp-9.mask.png');
  });
});

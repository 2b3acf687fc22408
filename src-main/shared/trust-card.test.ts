import { describe, expect, it } from 'vitest';
import { fakeCamLine, randomLogitLine, sensitivityLine, sparsenessLine, trustLines } from './trust-card';

describe('trust card readings', () => {
  it('sparseness: concentrated at 0.5, moderate between, diffuse at 0.25, n/a for NaN', () => {
    expect(sparsenessLine(0.5)).toMatchObject({ value: '0.50', status: 'ok', reading: 'concentrated' });
    expect(sparsenessLine(0.3)).toMatchObject({ value: '0.30', status: 'ok', reading: 'moderately concentrated' });
    expect(sparsenessLine(0.25)).toMatchObject({ status: 'warn', reading: 'diffuse: the map spreads over most of the image' });
    expect(sparsenessLine(NaN)).toMatchObject({ value: '—', status: 'na' });
  });

  it('max-sensitivity: stable at 0.2, a percentage above', () => {
    expect(sensitivityLine(0.2, 0.02, 10)).toMatchObject({
      label: 'Max-sensitivity (10 samples)',
      status: 'ok',
      reading: 'stable under ±0.02 of the pixel range noise (changes by at most 20%)',
    });
    expect(sensitivityLine(0.47, 0.02, 10)).toMatchObject({
      value: '0.47',
      status: 'warn',
      reading: 'changes by 47% under small noise (±0.02 of the pixel range)',
    });
    expect(sensitivityLine(NaN, 0.02, 10).status).toBe('na');
  });

  it('random-logit: class-sensitive at 0.21, partly at 0.6, the same map at 0.8', () => {
    expect(randomLogitLine(0.21, '3')).toMatchObject({ status: 'ok', reading: 'class-sensitive (SSIM 0.21 to class 3)' });
    expect(randomLogitLine(0.6, '3')).toMatchObject({ status: 'warn', reading: 'partly class-sensitive (SSIM 0.60 to class 3)' });
    expect(randomLogitLine(0.8, 'cat')).toMatchObject({ status: 'warn', reading: 'nearly the same map for another class (SSIM 0.80 to class cat)' });
    expect(randomLogitLine(NaN, '3').reading).toBe('not computable (map smaller than 7×7)');
  });

  it('Fake-CAM: 0.40 − 0.28 = 0.12 beats, 0.05 only, 0 and below no better, absent without a CAM layer', () => {
    expect(fakeCamLine(0.4, 0.28)).toMatchObject({ value: '0.40 vs 0.28', status: 'ok', reading: 'beats Fake-CAM by 0.12 ADCC' });
    expect(fakeCamLine(0.33, 0.28)).toMatchObject({ status: 'warn', reading: 'beats Fake-CAM by only 0.05 ADCC' });
    expect(fakeCamLine(0.28, 0.28)).toMatchObject({ status: 'warn', reading: 'no better than Fake-CAM' });
    expect(fakeCamLine(0.1, 0.28).reading).toBe('no better than Fake-CAM');
    expect(fakeCamLine(undefined, undefined)).toMatchObject({ status: 'na', reading: 'no CAM layer: not computed' });
  });

  it('trustLines: four lines in order, the other class named by the callback', () => {
    const lines = trustLines(
      { sparseness: 0.6, maxSensitivity: 0.1, avgSensitivity: 0.05, radius: 0.02, samples: 10, randomLogitSsim: 0.9, otherClass: 7 },
      (k) => `digit ${k}`,
    );
    expect(lines.map((l) => l.check)).toEqual(['sparseness', 'max-sensitivity', 'random-logit', 'fake-cam-adcc']);
    expect(lines[2].reading).toBe('nearly the same map for another class (SSIM 0.90 to class digit 7)');
    expect(lines[3].status).toBe('na');
  });
});

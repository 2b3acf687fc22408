import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { sparseness } from '../metrics/sparseness';
import { demo } from '../testing/shared-data';

const engine = new LocalEngine();
let modelId = '';
let imageId = '';

beforeAll(async () => {
  await initBackend();
  modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
  imageId = (await engine.openImage({ path: demo('digits', 'samples', 'digit-7.png') })).id;
});
afterAll(() => engine.close());

describe('trustCard on the digits demo', () => {
  it('Grad-CAM: the map is explain’s map, its sparseness is sparseness() of it, 14 method runs reported', async () => {
    const progress: JobProgress[] = [];
    const off = engine.onProgress((p) => p.jobId === 'tc1' && progress.push(p));
    const card = await engine.trustCard({ jobId: 'tc1', modelId, imageId, method: 'gradcam' });
    off();
    const ex = await engine.explain({ jobId: 'ex1', modelId, imageId, method: 'gradcam' });
    expect(card.target.label).toBe('7');
    expect(Array.from(card.map)).toEqual(Array.from(ex.map));
    expect(card.values.sparseness).toBe(sparseness(card.map));
    // The map, 10 noisy inputs, one other class, ADCC's re-run, Fake-CAM.
    expect(progress.at(-1)).toMatchObject({ done: 14, total: 14 });
    expect(card.values.otherClass).not.toBe(7);
    expect(card.lines.map((l) => l.check)).toEqual(['sparseness', 'max-sensitivity', 'random-logit', 'fake-cam-adcc']);
    expect(card.values.adcc).toBeGreaterThan(card.values.fakeCamAdcc as number);
  });

  it('a cancel ends the job with code "cancelled"', async () => {
    const run = engine.trustCard({ jobId: 'tc3', modelId, imageId, method: 'gradcam', samples: 100 });
    await engine.cancel({ jobId: 'tc3' });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('Fake-CAM itself: Gini 1/784, no change under noise, SSIM 1 to another class, ADCC equal to Fake-CAM’s', async () => {
    const card = await engine.trustCard({ jobId: 'tc2', modelId, imageId, method: 'fake-cam' });
    const v = card.values;
    // One zero and 783 equal values: G = Σ_{k≥2}(2k − n − 1)·c / (n·(n − 1)·c) = (n − 1)/(n(n − 1)) = 1/n.
    expect(v.sparseness).toBeCloseTo(1 / 784, 10);
    expect(v.maxSensitivity).toBe(0);
    expect(v.randomLogitSsim).toBeCloseTo(1, 10);
    expect(v.adcc).toBe(v.fakeCamAdcc);
    // Coherency 1, complexity 783/784: ADCC = 3 / (1 + 784 + 1/(1 − drop)) ≤ 3/786.
    expect(v.adcc as number).toBeLessThanOrEqual(3 / 786 + 1e-12);
    expect(v.adcc as number).toBeGreaterThan(3 / 800);
    expect(card.lines.map((l) => l.reading)).toEqual([
      'diffuse: the map spreads over most of the image',
      'stable under ±0.02 of the pixel range noise (changes by at most 0%)',
      `nearly the same map for another class (SSIM 1.00 to class ${v.otherClass})`,
      'no better than Fake-CAM',
    ]);
  });
});

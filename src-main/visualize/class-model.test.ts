import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import type { Classifier } from '../model/classifier';
import { loadModelFromPath } from '../model/load';
import type { ModelInfo } from '../api/types';
import { demo } from '../testing/shared-data';
import { ClassModelOptimiser, resolveClassModelParams } from './class-model';

// Plain gradient ascent, nothing else: the paper's setting.
const PLAIN = { optimiser: 'ascent', blurSigma: 0, jitter: 0, clamp: false, tv: 0 } as const;

describe('class-model visualisation (Simonyan et al. 2013 §2) on the demo digits CNN', () => {
  let model: Classifier;
  let info: Omit<ModelInfo, 'id'>;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    ({ classifier: model, info } = await loadModelFromPath(demo('digits', 'model.json')));
  });
  afterAll(() => model.dispose());

  it('S_c rises monotonically under plain ascent with a small learning rate (60 steps, each drop < 1e-3)', async () => {
    const o = new ClassModelOptimiser(model, 3, info.preprocess, { kind: 'zero', seed: 1 });
    const p = resolveClassModelParams({ ...PLAIN, lr: 0.002, l2: 0 });
    const s: number[] = [(await o.score()).logit];
    for (let i = 0; i < 60; i++) {
      o.stepOnce(p);
      s.push((await o.score()).logit);
    }
    let worst = 0;
    for (let i = 1; i < s.length; i++) worst = Math.min(worst, s[i] - s[i - 1]);
    expect(worst).toBeGreaterThan(-1e-3);
    expect(s[60] - s[0]).toBeGreaterThan(1);
    o.dispose();
  });

  it('with λ large the image norm stays within the fixed-point bound max‖∇S‖/(2λ), while λ = 0 lets it grow past it', async () => {
    // Plain ascent J ← (1 − 2λη)J + η∇S from J = 0 keeps ‖J‖ ≤ G/(2λ), G = the largest ‖∇S‖ met (induction).
    const lambda = 2;
    const lr = 0.05; // 2λη = 0.2 < 1: a contraction towards ∇S/(2λ)
    const o = new ClassModelOptimiser(model, 5, info.preprocess, { kind: 'zero', seed: 1 });
    const p = resolveClassModelParams({ ...PLAIN, lr, l2: lambda });
    let G = 0;
    for (let i = 0; i < 150; i++) {
      const g = tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) =>
            model
              .logits(x as tf.Tensor4D)
              .slice([0, 5], [1, 1])
              .sum(),
          )(o.modelInput())
          .norm(),
      );
      G = Math.max(G, (await g.data())[0]);
      g.dispose();
      o.stepOnce(p);
    }
    const bounded = await o.norm();
    expect(bounded).toBeLessThanOrEqual((G / (2 * lambda)) * 1.0001);
    expect(bounded).toBeGreaterThan(0);
    o.dispose();
    const free = new ClassModelOptimiser(model, 5, info.preprocess, { kind: 'zero', seed: 1 });
    const pf = resolveClassModelParams({ ...PLAIN, lr, l2: 0 });
    for (let i = 0; i < 150; i++) free.stepOnce(pf);
    expect(await free.norm()).toBeGreaterThan(10 * (G / (2 * lambda)));
    free.dispose();
  });

  it('the final image is classified as the target, for every digit 0–9 (Adam, defaults, 150 steps), with no tensor left', async () => {
    const before = tf.memory().numTensors;
    const p = resolveClassModelParams({ steps: 150 });
    for (let target = 0; target < 10; target++) {
      const o = new ClassModelOptimiser(model, target, info.preprocess, { kind: 'zero', seed: 1 });
      for (let i = 0; i < p.steps; i++) o.stepOnce(p);
      const s = await o.score();
      expect(s.top).toBe(target);
      expect(s.probability).toBeGreaterThan(0.99);
      // clamp (default on) keeps the image inside the unit preset's 0…1.
      const [lo, hi] = tf.tidy(() => {
        const x = o.modelInput();
        return [x.min().dataSync()[0], x.max().dataSync()[0]];
      });
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      o.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starting from zero is the mid-grey image of the unit preset and scores it; reset returns to it', async () => {
    const o = new ClassModelOptimiser(model, 1, info.preprocess, { kind: 'zero', seed: 1 });
    const grey = tf.fill([1, 28, 28, 1], 0.5) as tf.Tensor4D;
    const ref = tf.tidy(() => model.logits(grey).dataSync()[1]);
    expect((await o.score()).logit).toBeCloseTo(ref, 5);
    const p = resolveClassModelParams({});
    for (let i = 0; i < 5; i++) o.stepOnce(p);
    expect(o.step).toBe(5);
    o.reset();
    expect(o.step).toBe(0);
    expect(await o.norm()).toBe(0);
    tf.dispose(grey);
    o.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamValues } from '../api/types';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import type { Classifier } from '../model/classifier';
import { loadModelFromPath } from '../model/load';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { noisyInput } from './noise-tunnel';
import { getMethod, resolveParams } from './registry';
import type { Method } from './types';

const ctx = (model: Classifier, input: tf.Tensor4D, m: Method, given: ParamValues = {}) => ({
  model,
  input,
  target: 3,
  layer: null,
  params: resolveParams(m, given),
  signal: new CancelToken(),
  progress: () => {},
});
const run = (id: string, model: Classifier, input: tf.Tensor4D, given: ParamValues = {}) => getMethod(id).run(ctx(model, input, getMethod(id), given));

describe('noise tunnel (SmoothGrad, SmoothGrad², VarGrad)', () => {
  let model: Classifier;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    model = (await loadModelFromPath(demo('digits', 'model.json'))).classifier;
    x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
  });

  it('offers the registry gradient methods as bases, not itself', () => {
    const opts = getMethod('smoothgrad').params.find((p) => p.name === 'base')!.options!;
    expect(opts).toContain('saliency');
    expect(opts).toContain('gradient-input');
    expect(opts).toContain('integrated-gradients');
    for (const id of ['smoothgrad', 'smoothgrad-sq', 'vargrad']) expect(opts).not.toContain(id);
  });

  it('with zero noise equals its base exactly (batched saliency path and generic path), and VarGrad is 0', async () => {
    for (const base of ['saliency', 'gradient-input']) {
      const ref = await getMethod(base).run(ctx(model, x, getMethod(base)));
      const before = tf.memory().numTensors;
      const sg = await run('smoothgrad', model, x, { base, noise: 0, samples: 5, batch: 2 });
      const sq = await run('smoothgrad-sq', model, x, { base, noise: 0, samples: 5, batch: 2 });
      const vg = await run('vargrad', model, x, { base, noise: 0, samples: 5, batch: 2 });
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(sg.map)).toEqual(Array.from(ref.map));
      sq.map.forEach((v, i) => expect(v).toBe(Math.fround(ref.map[i] ** 2)));
      expect(vg.map.every((v) => v === 0)).toBe(true);
    }
  });

  it('batched saliency equals the mean of saliency runs on the same noisy inputs', async () => {
    const n = 6;
    const sg = await run('smoothgrad', model, x, { samples: n, noise: 0.2, seed: 4, batch: 4 });
    const sigma = sg.extras!.sigma as number;
    const acc = new Float64Array(28 * 28);
    for (let i = 0; i < n; i++) {
      const xi = noisyInput(x, sigma, 4, i);
      const out = await getMethod('saliency').run(ctx(model, xi, getMethod('saliency')));
      out.map.forEach((v, j) => (acc[j] += v / n));
      xi.dispose();
    }
    acc.forEach((v, j) => expect(sg.map[j]).toBeCloseTo(v, 5));
  });

  it('is reproducible for a seed and differs between seeds; VarGrad ≥ 0 and SmoothGrad² = VarGrad + SmoothGrad²', async () => {
    const p = { samples: 12, noise: 0.15, batch: 5 };
    const a = await run('smoothgrad', model, x, { ...p, seed: 1 });
    const b = await run('smoothgrad', model, x, { ...p, seed: 1 });
    const c = await run('smoothgrad', model, x, { ...p, seed: 2 });
    expect(Array.from(a.map)).toEqual(Array.from(b.map));
    const diff = a.map.reduce((s, v, i) => s + Math.abs(v - c.map[i]), 0) / a.map.length;
    expect(diff).toBeGreaterThan(1e-3 * (a.map.reduce((s, v) => s + Math.abs(v), 0) / a.map.length));
    const vg = await run('vargrad', model, x, { ...p, seed: 1 });
    const sq = await run('smoothgrad-sq', model, x, { ...p, seed: 1 });
    expect(vg.map.every((v) => v >= 0)).toBe(true);
    expect(vg.map.some((v) => v > 0)).toBe(true);
    // E[m²] = Var[m] + E[m]².
    sq.map.forEach((v, i) => expect(v).toBeCloseTo(vg.map[i] + a.map[i] ** 2, 5));
    // The generic path (gradient-input base) gives a non-negative VarGrad too.
    const vgi = await run('vargrad', model, x, { ...p, seed: 1, base: 'gradient-input' });
    expect(vgi.map.every((v) => v >= 0)).toBe(true);
  });

  it('passes base.<name> to the base: IG with steps=8 differs from its default 50 and equals a hand loop over the same noise', async () => {
    const p = { base: 'integrated-gradients', samples: 3, noise: 0.2, seed: 5 };
    const resolved = resolveParams(getMethod('smoothgrad'), { ...p, 'base.steps': 8 });
    expect(resolved).toMatchObject({ 'base.steps': 8, 'base.baseline': 'black', 'base.batch': 16 });
    const before = tf.memory().numTensors;
    const sg8 = await run('smoothgrad', model, x, { ...p, 'base.steps': 8 });
    const sg50 = await run('smoothgrad', model, x, p);
    expect(tf.memory().numTensors).toBe(before);
    const ig = getMethod('integrated-gradients');
    const hand = new Float64Array(28 * 28);
    for (let i = 0; i < p.samples; i++) {
      const xi = noisyInput(x, sg8.extras!.sigma as number, p.seed, i);
      const out = await ig.run(ctx(model, xi, ig, { steps: 8 }));
      out.map.forEach((v, j) => (hand[j] += v / p.samples));
      xi.dispose();
    }
    hand.forEach((v, j) => expect(sg8.map[j]).toBeCloseTo(v, 6));
    const meanAbs = (m: ArrayLike<number>): number => Array.from(m).reduce((s, v) => s + Math.abs(v), 0) / m.length;
    const diff = sg8.map.reduce((s, v, j) => s + Math.abs(v - sg50.map[j]), 0) / sg8.map.length;
    console.log(
      `smoothgrad(IG): mean |map| steps=8 ${meanAbs(sg8.map).toExponential(3)}, steps=50 ${meanAbs(sg50.map).toExponential(3)}, mean |difference| ${diff.toExponential(3)}`,
    );
    expect(diff).toBeGreaterThan(1e-3 * meanAbs(sg50.map));
  });

  it("checks base.<name> against the chosen base's schema, naming the tunnel and the prefixed name", () => {
    const sg = getMethod('smoothgrad');
    expect(() => resolveParams(sg, { base: 'integrated-gradients', 'base.steps': 0 })).toThrow('smoothgrad: base.steps=0 is outside [1, 1024]');
    expect(() => resolveParams(sg, { base: 'integrated-gradients', 'base.nope': 1 })).toThrow(
      /method smoothgrad has no parameter "base.nope" \(base integrated-gradients has: steps, baseline/,
    );
    expect(() => resolveParams(sg, { 'base.steps': 8 })).toThrow(/has no parameter "base.steps" \(base saliency has none\)/);
    expect(resolveParams(sg, {})).toEqual({ base: 'saliency', samples: 50, noise: 0.15, seed: 0, batch: 16 });
  });

  it("describes itself with its pass-through and the bases' capability flags, as plain data", async () => {
    const { describeMethod } = await import('./registry');
    const d = describeMethod(getMethod('vargrad'));
    expect(d).toMatchObject({ passThrough: { param: 'base', prefix: 'base.' }, needsLayer: false, usesGradients: true });
    expect(structuredClone(d)).toEqual(d);
  });

  it('refuses a base that is not a gradient method', () => {
    expect(() => run('smoothgrad', model, x, { base: 'vargrad' })).toThrow(/base must be one of/);
  });
});

describe.skipIf(!HAVE_SHARED)('noise tunnel on shared real models', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  for (const [name, path] of [
    ['LeNet (multi-output, [null,28,28])', SHARED_MODELS.lenet],
    ['Darknet-tiny', SHARED_MODELS.darknet],
  ] as const) {
    it(`runs all three on ${name}, no tensor left`, async () => {
      const { classifier: c } = await loadModelFromPath(path);
      const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      for (const id of ['smoothgrad', 'smoothgrad-sq', 'vargrad']) {
        const out = await run(id, c, x, { samples: 4, batch: 4 });
        expect(tf.memory().numTensors).toBe(before);
        expect(out.map.length).toBe(c.inputHeight * c.inputWidth);
        expect(out.map.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
        expect(Math.max(...out.map)).toBeGreaterThan(0);
      }
      x.dispose();
      c.dispose();
    });
  }
});

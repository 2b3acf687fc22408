import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamValues } from '../api/types';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { loadImageFile } from '../io/load';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { preprocess } from '../model/preprocess';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { batchScore } from './baselines';
import { gaussLegendre, integratedGradients as ig, trapezoid } from './integrated-gradients';
import { resolveParams } from './registry';

const run = (model: Classifier, input: tf.Tensor4D, target: number, given: ParamValues) =>
  ig.run({ model, input, target, layer: null, params: resolveParams(ig, given), signal: new CancelToken(), progress: () => {} });
const rel = (o: { extras?: Record<string, unknown> }): number => o.extras!.relativeDelta as number;
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('integrated gradients (Sundararajan et al.)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('has quadrature rules that integrate what they should', () => {
    for (const n of [1, 5, 32, 256]) {
      const g = gaussLegendre(n);
      expect(mean(g.weights) * n).toBeCloseTo(1, 12);
      // n-point Gauss-Legendre is exact for degree 2n−1: ∫₀¹ x^(2n−1) = 1/(2n).
      if (n <= 32) expect(g.alphas.reduce((s, a, i) => s + g.weights[i] * a ** (2 * n - 1), 0)).toBeCloseTo(1 / (2 * n), 10);
      const t = trapezoid(n);
      expect(mean(t.weights) * n).toBeCloseTo(1, 12);
    }
    expect(trapezoid(5).alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("weights=captum is Captum's riemann_trapezoid: step 1/n, weights summing to 1 − 1/n, the map exactly ours × (n−1)/n", async () => {
    // Captum: alphas = linspace(0,1,n), step_sizes = [1/n]·n with both ends halved.
    const t = trapezoid(5, 'captum');
    expect(t.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    t.weights.forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.2, 0.2, 0.2, 0.1][i], 15));
    expect(t.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(0.8, 15);
    expect(() => trapezoid(1, 'captum')).toThrow(/steps ≥ 2/);
    const { classifier, info } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = preprocess(await loadImageFile(demo('digits', 'samples', 'digit-3.png')), info.preprocess, 28, 28, 1);
    const n = 20;
    const ours = await run(classifier, x, 3, { steps: n, rule: 'riemann-trapezoid' });
    const before = tf.memory().numTensors;
    const captum = await run(classifier, x, 3, { steps: n, rule: 'riemann-trapezoid', weights: 'captum' });
    expect(tf.memory().numTensors).toBe(before);
    expect(captum.extras!.weights).toBe('captum');
    const peak = Math.max(...ours.map.map(Math.abs));
    expect(peak).toBeGreaterThan(1e-3);
    for (let i = 0; i < ours.map.length; i++) expect(Math.abs(captum.map[i] - (ours.map[i] * (n - 1)) / n)).toBeLessThan(1e-5 * peak);
    // Σattr shrinks by 1/n of itself, so Captum's completeness gap is ours − Σours/n.
    const sumOurs = ours.map.reduce((a, b) => a + b, 0);
    expect(captum.extras!.delta as number).toBeCloseTo((ours.extras!.delta as number) - sumOurs / n, 3);
    expect(Math.abs(captum.extras!.delta as number)).toBeGreaterThan(Math.abs(ours.extras!.delta as number));
    // Gauss-Legendre has no Captum variant to pick (Captum's weights are ours): asking for one is refused, not ignored.
    await expect(run(classifier, x, 3, { steps: n, rule: 'gauss-legendre', weights: 'captum' })).rejects.toThrow(/riemann-trapezoid only/);
    x.dispose();
    classifier.dispose();
  });

  it('satisfies completeness within 1% at 256 steps on the demo digits CNN, both rules, and Gauss-Legendre does better with fewer steps', async () => {
    const { classifier, info } = await loadModelFromPath(demo('digits', 'model.json'));
    const err: Record<string, number[]> = { r256: [], g256: [], r32: [], g32: [], g16: [] };
    for (const d of [0, 2, 3, 5, 7, 9]) {
      const x = preprocess(await loadImageFile(demo('digits', 'samples', `digit-${d}.png`)), info.preprocess, 28, 28, 1);
      const before = tf.memory().numTensors;
      for (const [key, rule, steps] of [
        ['r256', 'riemann-trapezoid', 256],
        ['g256', 'gauss-legendre', 256],
        ['r32', 'riemann-trapezoid', 32],
        ['g32', 'gauss-legendre', 32],
        ['g16', 'gauss-legendre', 16],
      ] as const) {
        const out = await run(classifier, x, d, { steps, rule, baseline: 'black' });
        expect(tf.memory().numTensors).toBe(before);
        // Σattr is the map's sum: the reported delta is about the returned map.
        const diff = (out.extras!.scoreInput as number) - (out.extras!.scoreBaseline as number);
        expect(Math.abs(out.map.reduce((a, b) => a + b, 0) - diff - (out.extras!.delta as number))).toBeLessThan(1e-3 * Math.abs(diff));
        err[key].push(rel(out));
      }
      x.dispose();
    }
    // Measured (wasm): mean relative |delta| r256 0.06%, g256 0.03%, r32 0.73%, g32 0.28%, g16 0.42%.
    for (const v of [...err.r256, ...err.g256]) expect(v).toBeLessThanOrEqual(0.01);
    // A ReLU net makes the integrand piecewise constant, so per-image errors
    // jump about; over the six digits Gauss-Legendre wins at half the steps.
    expect(mean(err.g32)).toBeLessThanOrEqual(mean(err.r32));
    expect(mean(err.g16)).toBeLessThanOrEqual(mean(err.r32));
    classifier.dispose();
  });

  it('converges spectrally on a smooth (tanh) model: Gauss-Legendre 8 beats trapezoid 32', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 3],
          filters: 4,
          kernelSize: 3,
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
      ],
    });
    const c = layersClassifier(model);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 3, 'float32', 4) as tf.Tensor4D;
    const g8 = rel(await run(c, x, 1, { steps: 8, rule: 'gauss-legendre' }));
    const r32 = rel(await run(c, x, 1, { steps: 32, rule: 'riemann-trapezoid' }));
    expect(g8).toBeLessThan(1e-4);
    expect(g8).toBeLessThan(r32);
    x.dispose();
    model.dispose();
  });

  it('takes a baseline image that overrides the baseline kind, and batching does not change the result', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const path = demo('digits', 'samples', 'digit-0.png');
    const x = preprocess(await loadImageFile(demo('digits', 'samples', 'digit-7.png')), { preset: 'unit', resize: 'stretch' }, 28, 28, 1);
    const b = preprocess(await loadImageFile(path), { preset: 'unit', resize: 'stretch' }, 28, 28, 1);
    const sb = batchScore(classifier, b, 7);
    const out1 = await run(classifier, x, 7, { steps: 20, baseline: 'white', baselineImage: path, batch: 1 });
    const out16 = await run(classifier, x, 7, { steps: 20, baseline: 'white', baselineImage: path, batch: 16 });
    expect(out1.extras!.scoreBaseline).toBeCloseTo(sb.dataSync()[0], 4);
    for (let i = 0; i < out1.map.length; i++) expect(out16.map[i]).toBeCloseTo(out1.map[i], 5);
    await expect(run(classifier, x, 7, { baselineImage: '/nonexistent.png' })).rejects.toThrow(/baselineImage/);
    tf.dispose([x, b, sb]);
    classifier.dispose();
  });

  it('stops at the next batch when cancelled and leaves no tensor behind', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const signal = new CancelToken();
    let calls = 0;
    const progress = (): void => {
      calls++;
      signal.cancel();
    };
    await expect(
      ig.run({ model: classifier, input: x, target: 1, layer: null, params: resolveParams(ig, { steps: 64, batch: 8 }), signal, progress }),
    ).rejects.toThrow(/cancel/i);
    expect(calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('integrated gradients on shared real models', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });
  for (const [name, path, steps] of [
    ['LeNet (multi-output, [null,28,28])', SHARED_MODELS.lenet, 64],
    ['Darknet-tiny', SHARED_MODELS.darknet, 8],
  ] as const) {
    it(`runs on ${name}, completeness reported, no tensor left`, async () => {
      const { classifier: c } = await loadModelFromPath(path);
      const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const out = await run(c, x, 1, { steps, baseline: 'blur', batch: 8 });
      expect(tf.memory().numTensors).toBe(before);
      expect(out.map.length).toBe(c.inputHeight * c.inputWidth);
      expect(out.map.every(Number.isFinite)).toBe(true);
      expect(Math.abs(out.map.reduce((a, v) => a + v, 0) - ((out.extras!.scoreInput as number) - (out.extras!.scoreBaseline as number)))).toBeCloseTo(
        Math.abs(out.extras!.delta as number),
        2,
      );
      x.dispose();
      c.dispose();
    });
  }
});

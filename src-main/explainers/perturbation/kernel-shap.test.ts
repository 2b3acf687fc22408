import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { mulberry32 } from '../../shared/random';
import { composite } from './fill';
import { linearModel, perturbCtx, smallConvNet } from './fixtures';
import { kernelShap, shapCoalitions } from './kernel-shap';
import { describeEachBackend } from '../../testing/each-backend';

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

describeEachBackend(['wasm', 'cpu'], 'KernelSHAP (Lundberg & Lee 2017)', () => {
  it('enumerates every coalition once when the budget allows, and samples within it otherwise', () => {
    const all = shapCoalitions(6, 62, mulberry32(1));
    expect(all.count).toBe(62);
    expect(new Set(Array.from({ length: 62 }, (_, i) => all.Z.subarray(i * 6, i * 6 + 6).join(''))).size).toBe(62);
    // The Shapley kernel: weight ∝ (K−1) / (C(K,s) s (K−s)), per coalition of size s.
    const bySize = new Map<number, number>();
    for (let i = 0; i < 62; i++)
      bySize.set(
        all.Z.subarray(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0),
        all.weights[i],
      );
    const kern = (s: number): number => 5 / ((fact(6) / (fact(s) * fact(6 - s))) * s * (6 - s));
    for (const s of [2, 3, 4, 5]) expect(bySize.get(s)! / bySize.get(1)!).toBeCloseTo(kern(s) / kern(1), 10);
    const some = shapCoalitions(40, 500, mulberry32(2));
    expect(some.count).toBeLessThanOrEqual(500);
    expect(some.count).toBeGreaterThan(400);
    expect(Array.from(shapCoalitions(40, 500, mulberry32(2)).Z)).toEqual(Array.from(some.Z));
  });

  it('gives the exact Shapley values of the masking game over four drawn regions (brute force), no leak', async () => {
    const [h, w] = [8, 8];
    const model = smallConvNet(h, w, 3);
    const x = tf.randomUniform([1, h, w, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const labels = Int32Array.from({ length: h * w }, (_, p) => (Math.floor(p / w) < 4 ? 0 : 2) + (p % w < 4 ? 0 : 1));
    // v(S) for all 16 coalitions, hidden = zero.
    const v = new Map<number, number>();
    for (let s = 0; s < 16; s++) {
      const keep = tf.tensor4d(
        Float32Array.from(labels, (l) => (s >> l) & 1),
        [1, h, w, 1],
      );
      v.set(
        s,
        tf.tidy(() => (model.logits(composite(x, tf.zerosLike(x), keep)).arraySync() as number[][])[0][1]),
      );
      keep.dispose();
    }
    const shapley = [0, 1, 2, 3].map((i) => {
      let phi = 0;
      for (let s = 0; s < 16; s++) {
        if ((s >> i) & 1) continue;
        const size = [0, 1, 2, 3].filter((j) => (s >> j) & 1).length;
        phi += ((fact(size) * fact(4 - size - 1)) / fact(4)) * (v.get(s | (1 << i))! - v.get(s)!);
      }
      return phi;
    });
    expect(Math.max(...shapley.map(Math.abs))).toBeGreaterThan(1e-3);
    const before = tf.memory().numTensors;
    const out = await kernelShap.run(perturbCtx(kernelShap, model, x, 1, { fill: 'zero', batch: 5 }, { regions: { labels, count: 4 } }));
    expect(tf.memory().numTensors).toBe(before);
    expect(out.extras).toMatchObject({ segments: 4, features: 'regions', coalitions: 14, exact: 1 });
    (out.extras?.segmentWeights as number[]).forEach((p, i) => expect(p).toBeCloseTo(shapley[i], 4));
    out.map.forEach((m, p) => expect(m).toBeCloseTo(shapley[labels[p]], 4));
    x.dispose();
    model.dispose();
  });
});

// Hundreds of sampled coalitions (a 28² linear model and conv net, a conv net at 64²): 4–6× slower on cpu;
// the table (methods.table.test.ts) compares KernelSHAP across backends on a small run.
describe('KernelSHAP while sampling (wasm)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('recovers a linear model’s exact attributions while sampling, reproduces its seed and changes with it', async () => {
    const [h, w] = [28, 28];
    const kernel = Float32Array.from({ length: h * w }, (_, p) => Math.sin(p / 7) * 0.05);
    const model = linearModel(h, w, 1, [kernel, new Float32Array(h * w)]);
    const x = tf.randomUniform([1, h, w, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const xv = x.dataSync();
    const labels = Int32Array.from({ length: h * w }, (_, p) => Math.floor(Math.floor(p / w) / 4) * 7 + Math.floor((p % w) / 4)); // 49 blocks
    const regions = { labels, count: 49 };
    const run = (m: typeof model, seed: number) => kernelShap.run(perturbCtx(kernelShap, m, x, 0, { fill: 'zero', seed, samples: 300 }, { regions }));
    const a = await run(model, 1);
    expect(a.extras?.coalitions).toBeLessThanOrEqual(300);
    const exact = new Array<number>(49).fill(0);
    labels.forEach((l, p) => (exact[l] += kernel[p] * xv[p]));
    (a.extras?.segmentWeights as number[]).forEach((p, i) => expect(p).toBeCloseTo(exact[i], 4));
    // On a nonlinear model the sampled estimate depends on the draws, and only on them.
    const net = smallConvNet(h, w, 1);
    const [p1, p2, q] = [await run(net, 1), await run(net, 1), await run(net, 2)];
    expect(Array.from(p2.map)).toEqual(Array.from(p1.map));
    expect(Array.from(q.map)).not.toEqual(Array.from(p1.map));
    net.dispose();
    x.dispose();
    model.dispose();
  });

  it('sums to f(x) − f(all hidden) within 2% when sampling, on a conv net over SLIC superpixels at 64²', async () => {
    const model = smallConvNet(64, 64, 3);
    const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const out = await kernelShap.run(perturbCtx(kernelShap, model, x, 0, { segments: 40, samples: 600, fill: 'blur' }));
    const K = out.extras?.segments as number;
    expect(K).toBeGreaterThan(30); // 2^K ≫ 600: sampled, not enumerated
    expect(out.extras?.exact).toBe(0);
    const phi = out.extras?.segmentWeights as number[];
    const diff = (out.extras?.scoreInput as number) - (out.extras?.expectedValue as number);
    expect(Math.abs(diff)).toBeGreaterThan(1e-3);
    expect(Math.abs(phi.reduce((a, b) => a + b, 0) - diff)).toBeLessThanOrEqual(0.02 * Math.abs(diff));
    x.dispose();
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { deconvRule, guidedRule, listNonlinearities, withBackwardRule } from './backward-rules';
import { useGradientFriendlyLayers } from './gradient-mode';

// x(2) → Dense(3, relu) → Dense(2): small enough to work out by hand.
const W1 = [
  [1, -1, 2],
  [1, 1, -1],
];
const B1 = [0, 0, -1];
const W2 = [
  [1, 0],
  [-2, 0],
  [3, 0],
];
function tiny(): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3, activation: 'relu' }), tf.layers.dense({ units: 2, useBias: false })] });
  m.layers[0].setWeights([tf.tensor2d(W1), tf.tensor1d(B1)]);
  m.layers[1].setWeights([tf.tensor2d(W2)]);
  return m;
}
const grad0 = (m: tf.LayersModel, x: tf.Tensor): Float32Array =>
  tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) => (m.apply(t) as tf.Tensor).slice([0, 0], [1, 1]).sum())(x)
        .dataSync() as Float32Array,
  );

describe('backward rules', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('replace the ReLU backward of a fused Dense as worked out by hand, and restore it', () => {
    const m = tiny();
    const act = (m.layers[0] as unknown as { activation: unknown }).activation;
    const x = tf.tensor2d([[1, 2]]);
    // Pre-activation z = x·W1 + b1 = [3, 1, -1]; dS/dh = W2[:,0] = [1, -2, 3].
    const z = [0, 1, 2].map((j) => 1 * W1[0][j] + 2 * W1[1][j] + B1[j]);
    const dy = W2.map((r) => r[0]);
    const back = (g: number[]) => [0, 1].map((i) => g.reduce((s, gj, j) => s + W1[i][j] * gj, 0));
    const plain = back(dy.map((d, j) => (z[j] > 0 ? d : 0)));
    const guided = back(dy.map((d, j) => (z[j] > 0 && d > 0 ? d : 0)));
    const deconv = back(dy.map((d) => Math.max(d, 0)));
    expect([plain, guided, deconv]).toEqual([
      [3, -1],
      [1, 1],
      [7, -2],
    ]);
    const before = tf.memory().numTensors;
    expect(Array.from(grad0(m, x))).toEqual(plain);
    const g = withBackwardRule(m, guidedRule, () => grad0(m, x));
    expect(Array.from(g.result)).toEqual(guided);
    expect(g.sites.map((s) => [s.layer, s.kind])).toEqual([[m.layers[0].name, 'relu']]);
    expect(Array.from(withBackwardRule(m, deconvRule, () => grad0(m, x)).result)).toEqual(deconv);
    // Restored: the same activation object, the ordinary gradient, no tensor left.
    expect((m.layers[0] as unknown as { activation: unknown }).activation).toBe(act);
    expect(Array.from(grad0(m, x))).toEqual(plain);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restore the model when the wrapped call throws, and refuse nesting', () => {
    const m = tiny();
    const x = tf.tensor2d([[1, 2]]);
    expect(() => withBackwardRule(m, guidedRule, () => withBackwardRule(m, deconvRule, () => 0))).toThrow(/already active/);
    expect(() =>
      withBackwardRule(m, guidedRule, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Array.from(grad0(m, x))).toEqual([3, -1]);
  });

  it('reach fused Conv2D relu, LeakyReLU (gated on x > 0) and BN through gradient mode, forward unchanged', () => {
    const init = (s: number) => tf.initializers.glorotNormal({ seed: s });
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu', kernelInitializer: init(1), biasInitializer: 'ones' }),
        tf.layers.batchNormalization({
          gammaInitializer: tf.initializers.constant({ value: 1.5 }),
          movingVarianceInitializer: tf.initializers.constant({ value: 2 }),
          betaInitializer: tf.initializers.constant({ value: -1 }),
        }),
        tf.layers.leakyReLU({ alpha: 0.1 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, kernelInitializer: init(2) }),
      ],
    });
    expect(useGradientFriendlyLayers(m)).toBe(4);
    expect(listNonlinearities(m).map((s) => s.kind)).toEqual(['relu', 'leaky-relu']);
    const x = tf.randomUniform([1, 6, 6, 2], -1, 1, 'float32', 5);
    const [k, b] = m.layers[0].getWeights();
    const [gamma, beta, mean, variance] = m.layers[1].getWeights();
    const [wd, bd] = m.layers[4].getWeights();
    // Reference: the same net written with plain ops and a hand-made guided ReLU.
    const guided = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
      save([t]);
      return { value: tf.relu(t), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(tf.relu(dy), tf.step(s)) };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const noGrad = tf.customGrad(((t: tf.Tensor) => ({ value: tf.clone(t), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<
      typeof tf.customGrad
    >[0]);
    const ref = (t: tf.Tensor): tf.Tensor => {
      const c = guided(tf.add(tf.conv2d(t as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid'), b));
      const n = tf.add(tf.mul(tf.sub(c, mean), tf.div(gamma, tf.sqrt(tf.add(variance, 1e-3)))), beta);
      const lk = tf.add(guided(n), noGrad(tf.mul(tf.minimum(n, 0), 0.1))); // leaky forward, guided (ReLU-gated) backward
      return tf
        .add(tf.matMul(lk.reshape([1, -1]), wd), bd)
        .slice([0, 0], [1, 1])
        .sum();
    };
    const want = tf.grad(ref)(x).dataSync();
    const { result } = withBackwardRule(m, guidedRule, () => [grad0(m, x), (m.apply(x) as tf.Tensor).dataSync()] as const);
    const fwd = (m.apply(x) as tf.Tensor).dataSync();
    for (let i = 0; i < fwd.length; i++) expect(result[1][i]).toBeCloseTo(fwd[i], 5);
    let maxErr = 0;
    for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(result[0][i] - want[i]));
    expect(maxErr).toBeLessThan(1e-5);
    expect(want.some((v) => v !== 0)).toBe(true);
    // The negative side of the LeakyReLU is reached (so its gating is tested).
    expect(tf.tidy(() => (m.layers[1].apply(m.layers[0].apply(x)) as tf.Tensor).less(0).any().dataSync()[0])).toBe(1);
  });
});

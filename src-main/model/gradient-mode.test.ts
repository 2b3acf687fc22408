import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { useGradientFriendlyLayers } from './gradient-mode';

function convBnNet(seed: number): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotNormal({ seed: seed + s });
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init(1), biasInitializer: 'ones' }),
      tf.layers.batchNormalization({
        movingMeanInitializer: tf.initializers.constant({ value: 0.3 }),
        movingVarianceInitializer: tf.initializers.constant({ value: 2 }),
        gammaInitializer: tf.initializers.constant({ value: 1.5 }),
        betaInitializer: tf.initializers.constant({ value: -0.2 }),
      }),
      tf.layers.leakyReLU({ alpha: 0.1 }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, kernelInitializer: init(3) }),
    ],
  });
  return m;
}

describe('gradient-friendly layers', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('give the same outputs and input gradients as the fused layers, for every class', () => {
    const fused = convBnNet(10);
    const plain = convBnNet(10);
    expect(useGradientFriendlyLayers(plain)).toBe(5);
    const x = tf.randomUniform([2, 12, 12, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const a = fused.predict(x) as tf.Tensor;
    const b = plain.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(a.sub(b))).dataSync()[0]).toBeLessThan(1e-5);
    for (let c = 0; c < 3; c++) {
      const grad = (m: tf.LayersModel) => tf.grad((t: tf.Tensor) => (m.apply(t) as tf.Tensor).slice([0, c], [-1, 1]).sum())(x);
      const ga = grad(fused);
      const gb = grad(plain);
      expect(tf.max(tf.abs(ga.sub(gb))).dataSync()[0]).toBeLessThan(1e-5 * Math.max(1, tf.max(tf.abs(ga)).dataSync()[0]));
    }
  });

  it('skip the weight gradients: no Conv2DBackpropFilter, Tile or dense-kernel product runs for an input gradient', async () => {
    const plain = convBnNet(3);
    useGradientFriendlyLayers(plain);
    const x = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const prof = await tf.profile(() => tf.grad((t: tf.Tensor) => (plain.apply(t) as tf.Tensor).sum())(x));
    const names = new Set(prof.kernels.map((k) => k.name));
    expect(names.has('Conv2DBackpropInput')).toBe(true);
    expect(names.has('Conv2DBackpropFilter')).toBe(false);
    expect(names.has('Tile')).toBe(false);
    // The fused dense op's backward would also form xᵀ·dy (a BatchMatMul with transposeA).
    expect(names.has('_FusedMatMul')).toBe(false);
    const products = prof.kernels.filter((k) => k.name === 'BatchMatMul').map((k) => k.inputShapes);
    expect(products.some(([a, b]) => a?.[0] === 1 && b?.[0] === 1 && a?.[1] === 4 && b?.[1] === 3)).toBe(false);
  });

  it('run LeakyReLU with gradient 1 where x > 0 and α elsewhere, as the stock layer', () => {
    const net = (): tf.LayersModel => tf.sequential({ layers: [tf.layers.leakyReLU({ inputShape: [5], alpha: 0.2 })] });
    const [stock, plain] = [net(), net()];
    expect(useGradientFriendlyLayers(plain)).toBe(1);
    const x = tf.tensor2d([[-2, -0.5, 0, 0.5, 3]]);
    const w = tf.tensor2d([[1, 2, 3, 4, 5]]);
    const grad = (m: tf.LayersModel) => tf.grad((t: tf.Tensor) => (m.apply(t) as tf.Tensor).mul(w).sum())(x);
    expect(Array.from((plain.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((stock.predict(x) as tf.Tensor).dataSync()));
    const expected = [0.2, 0.4, 0.6, 4, 5];
    Array.from(grad(plain).dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[i], 6));
    Array.from(grad(stock).dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[i], 6));
  });

  it('run ReLU(maxValue 6) as Relu6 with gradient 1 on (0, 6] only, as the layer’s relu + clip', () => {
    const net = (): tf.LayersModel => tf.sequential({ layers: [tf.layers.reLU({ inputShape: [6], maxValue: 6 })] });
    const [stock, plain] = [net(), net()];
    expect(useGradientFriendlyLayers(plain)).toBe(1);
    const x = tf.tensor2d([[-1, 0, 0.5, 3, 6, 7]]);
    const w = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
    const grad = (m: tf.LayersModel) => tf.grad((t: tf.Tensor) => (m.apply(t) as tf.Tensor).mul(w).sum())(x);
    expect(Array.from((plain.predict(x) as tf.Tensor).dataSync())).toEqual([0, 0, 0.5, 3, 6, 6]);
    // d/dx Σ w·relu6(x): w where 0 < x ≤ 6, else 0 — the stock layer's gradient too.
    expect(Array.from(grad(plain).dataSync())).toEqual([0, 0, 3, 4, 5, 0]);
    expect(Array.from(grad(stock).dataSync())).toEqual([0, 0, 3, 4, 5, 0]);
    const before = tf.memory().numTensors;
    tf.tidy(() => void grad(plain));
    expect(tf.memory().numTensors).toBe(before);
  });
});

// Parameter randomisation on a Keras file as saved: the copy re-creates the
// chosen layers by the file's own initializers (here VarianceScaling, fan_in,
// truncated normal, scale 1: std ≈ 0.88/√fan_in), and keeps every other weight.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { loadModelFromPath } from '../load';

describe.skipIf(!HAVE_SHARED)('randomised copies of a Keras file', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('the CXR model: dense_Dense2 re-drawn by its own initializer, the trunk kept', async () => {
    const { classifier: c } = await loadModelFromPath(shared('keras', 'cxr_covid_teachable_h5', 'keras_model.h5'));
    const r = await c.randomisedCopy(['dense_Dense2'], 3);
    const kernel = r.trainableVariables().find((v) => /dense_Dense2\/kernel/.test(v.name))!;
    const k = Array.from(kernel.dataSync());
    const std = Math.sqrt(k.reduce((s, v) => s + v * v, 0) / k.length);
    // truncated normal at ±2σ keeps std 0.8796·σ; σ = √(1/100).
    expect(std).toBeGreaterThan(0.8796 * 0.1 * 0.8);
    expect(std).toBeLessThan(0.8796 * 0.1 * 1.2);
    const same = (name: RegExp) => {
      const a = c
        .trainableVariables()
        .find((v) => name.test(v.name))!
        .dataSync();
      const b = r
        .trainableVariables()
        .find((v) => name.test(v.name))!
        .dataSync();
      return a.every((v, i) => v === b[i]);
    };
    expect(same(/dense_Dense1\/kernel/)).toBe(true);
    expect(same(/Conv1\/kernel/)).toBe(true);
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const [a, b] = tf.tidy(() => [Array.from(c.logits(x).dataSync()), Array.from(r.logits(x).dataSync())]);
    expect(b.every(Number.isFinite)).toBe(true);
    expect(Math.max(...b.map((v, i) => Math.abs(v - a[i])))).toBeGreaterThan(0.1);
    x.dispose();
    r.dispose();
    c.dispose();
  }, 60_000);
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { HAVE_SHARED, SHARED_MODELS, demo } from '../testing/shared-data';
import { lrp } from './lrp';
import { type LrpOptions, propagate } from './lrp/propagate';
import { classScoreGradient } from './saliency';

const init = (seed: number) => tf.initializers.glorotNormal({ seed });
const opts = (rule: LrpOptions['rule'], extra: Partial<LrpOptions> = {}): LrpOptions => ({ rule, epsilon: 1e-9, gamma: 0.25, firstRule: 'zb', ...extra });

function cnn(useBias: boolean): Classifier {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [12, 12, 3],
        filters: 6,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        useBias,
        kernelInitializer: init(1),
        biasInitializer: tf.initializers.randomNormal({ seed: 9, stddev: 0.1 }),
      }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'valid', activation: 'relu', useBias, kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 16,
        activation: 'relu',
        useBias,
        kernelInitializer: init(3),
        biasInitializer: tf.initializers.randomNormal({ seed: 8, stddev: 0.1 }),
      }),
      tf.layers.dense({ units: 5, activation: 'softmax', useBias, kernelInitializer: init(4) }),
    ],
  });
  return layersClassifier(model);
}

/** Gradient × Input summed over channels, straight from tf.grad. */
function gradTimesInput(c: Classifier, x: tf.Tensor4D, target: number): Float32Array {
  return tf
    .tidy(() =>
      classScoreGradient((t) => c.logits(t), x, target)
        .mul(x)
        .sum(3),
    )
    .dataSync() as Float32Array;
}

function maxRelErr(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / scale;
}

async function runLrp(c: Classifier, x: tf.Tensor4D, target: number, params: Record<string, string | number>) {
  const full = { rule: 'composite', epsilon: 0.01, gamma: 0.25, firstRule: 'zb', ...params };
  const before = tf.memory().numTensors;
  const out = await lrp.run({ model: c, input: x, target, layer: null, params: full, signal: new CancelToken(), progress: () => {} });
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

function topClass(c: Classifier, x: tf.Tensor4D): number {
  return tf.tidy(() => c.logits(x).argMax(1).dataSync()[0]);
}

describe('lrp (Bach et al. 2015)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('LRP-ε with ε→0 equals Gradient × Input on ReLU nets, with and without biases (Ancona et al. 2018)', async () => {
    for (const useBias of [false, true]) {
      const c = cnn(useBias);
      const x = tf.randomUniform([1, 12, 12, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
      const out = await runLrp(c, x, 2, { rule: 'epsilon', epsilon: 1e-9 });
      expect(maxRelErr(out.map, gradTimesInput(c, x, 2))).toBeLessThan(1e-4);
      // Without biases nothing absorbs relevance: Σ R_input = S_c.
      if (!useBias) expect(out.extras?.conservation as number).toBeCloseTo(1, 3);
      x.dispose();
      c.dispose();
    }
  });

  it('z⁺ is non-negative and conserved layer by layer on a bias-free net; α2β1, α1β0 and γ conserve too', async () => {
    const c = cnn(false);
    const x = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const target = topClass(c, x);
    const zp = await propagate(c, x, target, opts('zplus'), { recordSums: true });
    expect(zp.rOut).toBeGreaterThan(0);
    expect(zp.sums.map((s) => s.layer)).toEqual(c.layers.map((l) => l.name));
    for (const s of zp.sums) expect(Math.abs(s.rIn - s.rOut)).toBeLessThan(0.01 * zp.rOut);
    expect(tf.tidy(() => zp.relevance.min().dataSync()[0])).toBeGreaterThanOrEqual(0);
    zp.relevance.dispose();
    for (const rule of ['alpha2-beta1', 'alpha1-beta0', 'gamma'] as const) {
      const ab = await propagate(c, x, target, opts(rule), { recordSums: true });
      for (const s of ab.sums) expect(Math.abs(s.rIn - s.rOut)).toBeLessThan(0.01 * Math.abs(ab.rOut));
      ab.relevance.dispose();
    }
    const out = await runLrp(c, x, target, { rule: 'alpha2-beta1' });
    expect(out.extras?.conservation as number).toBeCloseTo(1, 2);
    // α2β1 keeps negative evidence: some pixels speak against the class.
    expect(Math.min(...out.map)).toBeLessThan(0);
    x.dispose();
    c.dispose();
  });

  it('conserves through a functional graph with Add and Concatenate, and the composite rule with zB conserves', async () => {
    const inp = tf.input({ shape: [10, 10, 3] });
    const conv = (f: number, seed: number) => tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(seed) });
    const a = tf.layers.reLU().apply(conv(4, 11).apply(inp)) as tf.SymbolicTensor;
    const b = tf.layers.reLU().apply(conv(4, 12).apply(a)) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate().apply([a, sum]) as tf.SymbolicTensor;
    const top = conv(6, 13).apply(cat) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(tf.layers.reLU().apply(top)) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 3, useBias: false, kernelInitializer: init(14) }).apply(gap) as tf.SymbolicTensor;
    const c = layersClassifier(tf.model({ inputs: inp, outputs: dense }));
    const x = tf.randomUniform([1, 10, 10, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const target = topClass(c, x);
    for (const rule of ['zplus', 'alpha2-beta1'] as const) {
      const r = await propagate(c, x, target, opts(rule), { recordSums: true });
      expect(r.sums.some((s) => s.layer.startsWith('add')) && r.sums.some((s) => s.layer.startsWith('concatenate'))).toBe(true);
      for (const s of r.sums) expect(Math.abs(s.rIn - s.rOut)).toBeLessThan(0.01 * Math.abs(r.rOut));
      r.relevance.dispose();
    }
    const out = await runLrp(c, x, target, { rule: 'composite', firstRule: 'zb', epsilon: 0 });
    expect(out.extras?.conservation as number).toBeCloseTo(1, 2);
    // ε→0 identity holds through the merges as well.
    const eps = await runLrp(c, x, target, { rule: 'epsilon', epsilon: 1e-9 });
    expect(maxRelErr(eps.map, gradTimesInput(c, x, target))).toBeLessThan(1e-4);
    x.dispose();
    c.dispose();
  });

  it('refuses an unsupported layer by name and a GraphModel, and stops on cancel', async () => {
    const model = tf.sequential({
      layers: [tf.layers.reshape({ inputShape: [8, 8, 1], targetShape: [8, 8] }), tf.layers.lstm({ units: 4, name: 'my_lstm' }), tf.layers.dense({ units: 3 })],
    });
    const c = layersClassifier(model);
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    await expect(runLrp(c, x, 0, {})).rejects.toMatchObject({ code: 'unsupported-model', message: 'LRP does not support layer my_lstm (LSTM)' });
    expect(tf.memory().numTensors).toBe(before);
    await expect(runLrp({ ...c, layerGraph: undefined }, x, 0, {})).rejects.toMatchObject({ code: 'unsupported-model' });
    // A cancel between layers stops the walk and frees what it held.
    const token = new CancelToken();
    const ok = cnn(false);
    const y = tf.zeros([1, 12, 12, 3]) as tf.Tensor4D;
    const held = tf.memory().numTensors;
    const run = lrp.run({
      model: ok,
      input: y,
      target: 0,
      layer: null,
      params: { rule: 'epsilon', epsilon: 0.01, gamma: 0.25, firstRule: 'zb' },
      signal: token,
      progress: () => token.cancel(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(tf.memory().numTensors).toBe(held);
    tf.dispose([y]);
    ok.dispose();
    x.dispose();
    c.dispose();
  });

  it('on the demo digits CNN: ε→0 is Gradient × Input, and each rule leaves no tensor behind', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const eps = await runLrp(classifier, x, 4, { rule: 'epsilon', epsilon: 1e-9 });
    expect(maxRelErr(eps.map, gradTimesInput(classifier, x, 4))).toBeLessThan(1e-4);
    for (const rule of ['composite', 'gamma', 'zplus', 'alpha1-beta0']) {
      const out = await runLrp(classifier, x, 4, { rule });
      expect(out.shape).toEqual([28, 28]);
      expect(out.map.every(Number.isFinite)).toBe(true);
      expect(out.extras?.rule).toBe(rule);
    }
    x.dispose();
    classifier.dispose();
  });

  it('on the demo chest CNN, a Rescaling input layer passes relevance through: ε→0 gives ∂S/∂u · u with u = 4x − 1.4', async () => {
    const { classifier } = await loadModelFromPath(demo('chest', 'model.json'));
    const x = tf.randomUniform([1, 96, 96, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const eps = await runLrp(classifier, x, 1, { rule: 'epsilon', epsilon: 1e-9 });
    // u = 4x − 1.4 (the layer "center"), so ∂S/∂u = (∂S/∂x)/4.
    const want = tf.tidy(
      () =>
        classScoreGradient((t) => classifier.logits(t), x, 1)
          .div(4)
          .mul(x.mul(4).sub(1.4))
          .sum(3)
          .dataSync() as Float32Array,
    );
    expect(maxRelErr(eps.map, want)).toBeLessThan(1e-3);
    x.dispose();
    classifier.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('lrp on shared real models', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('LeNet (multi-output, [null,28,28] input, internal Reshape): ε→0 is Gradient × Input; α2β1 conserves', async () => {
    const { classifier } = await loadModelFromPath(SHARED_MODELS.lenet);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const target = topClass(classifier, x);
    const eps = await runLrp(classifier, x, target, { rule: 'epsilon', epsilon: 1e-9 });
    // Folding BN changes float32 rounding of near-zero pre-activations: a looser bound.
    expect(maxRelErr(eps.map, gradTimesInput(classifier, x, target))).toBeLessThan(3e-3);
    const ab = await propagate(classifier, x, target, opts('alpha2-beta1'), { recordSums: true });
    // Biases are left out of the αβ rule, so every layer passes on exactly what it got.
    for (const s of ab.sums) expect(Math.abs(s.rIn - s.rOut)).toBeLessThan(0.01 * Math.abs(ab.rOut));
    ab.relevance.dispose();
    x.dispose();
    classifier.dispose();
  });

  it('Darknet-tiny (BN folded, LeakyReLU, max-pool, 1×1 conv, GAP): ε→0 is Gradient × Input; composite runs', async () => {
    const { classifier } = await loadModelFromPath(SHARED_MODELS.darknet);
    const x = tf.randomUniform([1, classifier.inputHeight, classifier.inputWidth, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const target = topClass(classifier, x);
    const eps = await runLrp(classifier, x, target, { rule: 'epsilon', epsilon: 1e-9 });
    // Folding BN changes float32 rounding of near-zero pre-activations: a looser bound.
    expect(maxRelErr(eps.map, gradTimesInput(classifier, x, target))).toBeLessThan(3e-3);
    const ab = await propagate(classifier, x, target, opts('alpha2-beta1'), { recordSums: true });
    // Every conv → BN pair is folded into one linear map, and αβ conserves across it.
    expect(ab.sums.filter((s) => /^conv2d_\d+\+batch_normalization_\d+$/.test(s.layer))).toHaveLength(15);
    expect(ab.sums.some((s) => s.layer.startsWith('batch_normalization'))).toBe(false);
    for (const s of ab.sums) expect(Math.abs(s.rIn - s.rOut)).toBeLessThan(0.01 * Math.abs(ab.rOut));
    ab.relevance.dispose();
    const comp = await runLrp(classifier, x, target, { rule: 'composite' });
    expect(comp.map.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(comp.extras?.conservation as number)).toBe(true);
    x.dispose();
    classifier.dispose();
  }, 120_000);
});

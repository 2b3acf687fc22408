import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { residualModel } from '../explainers/cam/fixtures';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { layersClassifier } from './layers-classifier';
import { loadModelFromPath } from './load';
import { noSplit } from './refusals';
import { splitModel } from './split';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);

describe('splitModel and CAM layer eligibility', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('head(features(x)) reproduces the logits through a residual Add and a Concatenate, skip tensor included', () => {
    const { model, hand } = residualModel();
    const c = layersClassifier(model);
    const s = splitModel(c, 'a');
    expect(s.shape).toEqual([8, 8, 4]);
    const x = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const d = tf.tidy(() => {
      const [A, ...side] = s.features(x);
      expect(side).toHaveLength(1); // c0's output, read by the Add from before A
      const [hA, h0] = hand.features(x);
      return [maxAbsDiff(s.head(A as tf.Tensor4D, side), c.logits(x)), maxAbsDiff(A, hA), maxAbsDiff(side[0], h0)];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(d[0]).toBeLessThan(1e-5);
    expect(d[1]).toBe(0);
    expect(d[2]).toBe(0);
    // Gradients flow through the head: ∂S/∂A equals the hand-built head's.
    const g = tf.tidy(() => {
      const [A, x0] = hand.features(x);
      const f = (t: tf.Tensor) =>
        s
          .head(t as tf.Tensor4D, [x0])
          .slice([0, 2], [-1, 1])
          .sum();
      const h = (t: tf.Tensor) =>
        hand
          .head(t as tf.Tensor4D, x0)
          .slice([0, 2], [-1, 1])
          .sum();
      const [ga, gb] = [tf.grad(f)(A), tf.grad(h)(A)];
      return [maxAbsDiff(ga, gb), ga.abs().max().dataSync()[0]];
    });
    expect(g[0]).toBeLessThan(1e-6);
    expect(g[1]).toBeGreaterThan(1e-3);
    // Eligible: spatial layers feeding the class output; the auto choice is the last one.
    expect(c.layers.filter((l) => l.camEligible).map((l) => l.name)).toEqual(['c0', 'a', 'c2', 'add', 'relu', 'cat']);
    x.dispose();
    model.dispose();
  });

  it('splits around a nested model (one layer here): before it, and after it with the gradient flowing through it', () => {
    const init = (seed: number) => tf.initializers.glorotNormal({ seed });
    const innerIn = tf.input({ shape: [6, 6, 4] });
    const inner = tf.model({
      name: 'block',
      inputs: innerIn,
      outputs: tf.layers
        .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) })
        .apply(innerIn) as tf.SymbolicTensor,
    });
    const inp = tf.input({ shape: [6, 6, 3] });
    const stem = tf.layers
      .conv2d({ name: 'stem', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) })
      .apply(inp) as tf.SymbolicTensor;
    const blk = inner.apply(stem) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, kernelInitializer: init(3) }).apply(tf.layers.globalAveragePooling2d({}).apply(blk)) as tf.SymbolicTensor;
    const c = layersClassifier(tf.model({ inputs: inp, outputs: out }));
    expect(c.layers.filter((l) => l.camEligible).map((l) => l.name)).toEqual(['stem', 'block']);
    const x = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const d = tf.tidy(() =>
      ['stem', 'block'].map((name) => {
        const s = splitModel(c, name);
        const [A, ...side] = s.features(x);
        const grad = tf.grad((t: tf.Tensor) => s.head(t as tf.Tensor4D, side).sum())(A);
        return [maxAbsDiff(s.head(A as tf.Tensor4D, side), c.logits(x)), grad.abs().max().dataSync()[0]];
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const [diff, g] of d) {
      expect(diff).toBeLessThan(1e-5);
      expect(g).toBeGreaterThan(1e-4);
    }
    x.dispose();
  });

  it('marks eligible layers and the automatic layer on the demo models, and splits them exactly', async () => {
    // Digits: conv1 → pool1 → conv2 → pool2 → flatten → dense. The rule takes the
    // last spatial layer, pool2 (pooling included): it still has a 7×7 grid.
    for (const [name, auto, eligible] of [
      ['digits', 'pool2', ['conv1', 'pool1', 'conv2', 'pool2']],
      ['chest', 'conv3', ['center', 'conv1', 'pool1', 'conv2', 'pool2', 'conv3']],
    ] as const) {
      const { classifier, info } = await loadModelFromPath(demo(name, 'model.json'));
      expect(info.layers.filter((l) => l.camEligible).map((l) => l.name)).toEqual(eligible);
      expect(info.autoLayer).toBe(auto);
      const x = tf.randomUniform([2, info.inputHeight, info.inputWidth, info.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      for (const layer of eligible) {
        const s = splitModel(classifier, layer);
        expect(tf.tidy(() => maxAbsDiff(s.head(s.features(x)[0] as tf.Tensor4D, []), classifier.logits(x)))).toBeLessThan(1e-4);
      }
      x.dispose();
      classifier.dispose();
    }
  });

  it('refuses non-spatial layers and models without a LayersModel, naming them', async () => {
    const { classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    expect(() => splitModel(classifier, 'flatten')).toThrow(/not a CAM target/);
    expect(() => splitModel(classifier, 'nope')).toThrow(/no layer "nope"/);
    expect(() => splitModel({ ...classifier, ...noSplit('graph-model'), format: 'graph-model' }, 'x')).toThrow(/LayersModel.*graph-model/);
    classifier.dispose();
  });

  describe.skipIf(!HAVE_SHARED)('shared models', () => {
    it('LeNet ([n,28,28] input, internal Reshape, seven outputs) splits at every eligible layer', async () => {
      const { classifier, info } = await loadModelFromPath(SHARED_MODELS.lenet);
      expect(info.layers.filter((l) => l.camEligible).map((l) => l.name)).toEqual(['reshape_1', 'Conv2D_1', 'MaxPooling2D_1', 'Conv2D_2', 'MaxPooling2D_2']);
      expect(info.autoLayer).toBe('MaxPooling2D_2');
      const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
      for (const l of ['Conv2D_1', 'MaxPooling2D_2']) {
        const s = splitModel(classifier, l);
        expect(tf.tidy(() => maxAbsDiff(s.head(s.features(x)[0] as tf.Tensor4D, []), classifier.logits(x)))).toBeLessThan(1e-4);
      }
      x.dispose();
      classifier.dispose();
    });

    it('Darknet-tiny: leaky_re_lu_15 is a 14×14 CAM layer; the auto layer is conv2d_16 (1×1 conv before GAP)', async () => {
      const { classifier, info } = await loadModelFromPath(SHARED_MODELS.darknet);
      expect(info.autoLayer).toBe('conv2d_16');
      expect(info.layers.find((l) => l.name === 'leaky_re_lu_15')?.camEligible).toBe(true);
      expect(info.layers.find((l) => l.name === 'global_average_pooling2d_1')?.camEligible).toBe(false);
      const s = splitModel(classifier, 'leaky_re_lu_15');
      expect(s.shape.slice(0, 2)).toEqual([14, 14]);
      const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
      expect(tf.tidy(() => maxAbsDiff(s.head(s.features(x)[0] as tf.Tensor4D, []), classifier.logits(x)))).toBeLessThan(1e-3);
      x.dispose();
      classifier.dispose();
    });
  });
});
